package io.sluice.producer.internal.spool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** How the journal forces bytes to the device; tests put a counting one in to check each fsync policy. */
interface ForceHook {
    /** Forces the data written to {@code file} so far (fsync). */
    void force(Path path, RandomAccessFile file) throws IOException;

    /** Forces {@code directory}'s entries, so a new segment's name survives a machine crash too. */
    void forceDirectory(Path directory) throws IOException;

    /** The real thing: {@code fsync} of the file, and of the directory where the platform allows it. */
    ForceHook SYSTEM = new ForceHook() {
        @Override
        public void force(Path path, RandomAccessFile file) throws IOException {
            file.getFD().sync();
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException notOnThisPlatform) {
                // Windows cannot open a directory; its entries are written through NTFS's own journal.
            }
        }
    };
}
