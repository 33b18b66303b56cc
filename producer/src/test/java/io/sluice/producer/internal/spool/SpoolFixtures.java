package io.sluice.producer.internal.spool;

import io.sluice.producer.RecordHeader;
import io.sluice.protocol.record.Header;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Settings, a counting force hook and file helpers shared by the spool tests. */
final class SpoolFixtures {
    static final Header[] NO_HEADERS = new Header[0];

    private SpoolFixtures() {}

    static SpoolSettings settings(Path dir) {
        return settings(dir, FsyncPolicy.NONE, 1 << 20, 1L << 30);
    }

    static SpoolSettings settings(Path dir, FsyncPolicy fsync, long segmentBytes, long maxBytes) {
        return new SpoolSettings(dir, fsync, 1000, maxBytes, segmentBytes);
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static Header[] headers(String... keysAndValues) {
        Header[] h = new Header[keysAndValues.length / 2];
        for (int i = 0; i < h.length; i++) {
            h[i] = new RecordHeader(keysAndValues[2 * i], bytes(keysAndValues[2 * i + 1]));
        }
        return h;
    }

    static long append(Spool spool, String topic, int partition, String value) {
        return spool.appendRecord(topic, partition, 1_700_000_000_000L, bytes("k-" + value), bytes(value), NO_HEADERS);
    }

    static String value(SpooledRecord r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }

    /** Segment files in the directory, oldest first. */
    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".spool"))
                    .sorted()
                    .toList();
        }
    }

    static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x5A);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A force hook that counts, and remembers which files it forced. */
    static final class CountingForce implements ForceHook {
        final AtomicInteger fileForces = new AtomicInteger();
        final AtomicInteger directoryForces = new AtomicInteger();
        final List<Path> forced = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void force(Path path, RandomAccessFile file) throws IOException {
            fileForces.incrementAndGet();
            forced.add(path.getFileName());
            file.getFD().sync();
        }

        @Override
        public void forceDirectory(Path directory) {
            directoryForces.incrementAndGet();
        }
    }
}
