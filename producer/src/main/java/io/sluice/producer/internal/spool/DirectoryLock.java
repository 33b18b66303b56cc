package io.sluice.producer.internal.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One directory, one producer: an exclusive lock on {@code spool.lock}, held while the spool is open. The
 * operating system releases it when the process dies, so a crashed producer never leaves the directory locked.
 *
 * <p>Within one process the directories held are also kept in a set, checked before the lock file is opened: on
 * POSIX systems closing any descriptor of a file drops every lock the process holds on it, so a second open in the
 * same process must not open (and close) the lock file at all, or it would unlock the first producer's directory
 * for other processes.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "spool.lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code directory}, or fails naming it when another producer holds it, in this process or another. */
    static DirectoryLock acquire(Path directory) throws IOException {
        Path key = directory.toRealPath();
        if (!HELD.add(key)) {
            throw inUse(directory);
        }
        try {
            FileChannel channel =
                    FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw inUse(directory);
            }
            return new DirectoryLock(key, channel, lock);
        } catch (OverlappingFileLockException e) {
            HELD.remove(key);
            throw inUse(directory);
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
    }

    private static SpoolException inUse(Path directory) {
        return new SpoolException("spool directory " + directory + " is in use by another producer (it holds "
                + directory.resolve(FILE_NAME) + "); give each producer its own sluice.spool.dir");
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(directory);
            }
        }
    }
}
