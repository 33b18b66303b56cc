package io.sluice.producer.internal.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One directory, one producer: an exclusive lock on {@code spool.lock}, held while the spool is open. The
 * operating system releases it when the process dies, so a crashed producer never leaves the directory locked.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "spool.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code directory}, or fails naming it when another producer holds it, in this process or another. */
    static DirectoryLock acquire(Path directory) throws IOException {
        FileChannel channel =
                FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new SpoolException("spool directory " + directory + " is in use by another producer (it holds "
                    + directory.resolve(FILE_NAME) + "); give each producer its own sluice.spool.dir");
        }
        return new DirectoryLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
