package io.sluice.producer.internal.spool;

import static io.sluice.producer.internal.spool.SpoolFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolCorruptionTest {
    @TempDir
    Path dir;

    /** Bytes of the RECORD entry {@link SpoolFixtures#append} writes for {@code value} on {@code topic}. */
    private static int entrySize(String topic, String value) {
        return Entries.entrySize(Entries.recordBodySize(topic, bytes("k-" + value), bytes(value), NO_HEADERS));
    }

    @Test
    void aTornLastEntryIsDroppedAndTheFileTruncatedWhereItStarts() throws Exception {
        Spool spool = Spool.open(settings(dir));
        long g0 = append(spool, "t", 0, "v0");
        long g1 = append(spool, "t", 0, "v1");
        append(spool, "t", 0, "v2");
        spool.crash();
        Path segment = segments(dir).get(0);
        long intact = entrySize("t", "v0") + entrySize("t", "v1");
        truncate(segment, intact + 5); // the third entry cut after its length and one CRC byte
        try (Spool reopened = Spool.open(settings(dir))) {
            assertThat(Files.size(segment)).isEqualTo(intact);
            assertThat(reopened.recovered().partitions().get(0).unstamped())
                    .extracting(SpooledRecord::sequence)
                    .containsExactly(g0, g1);
            assertThat(append(reopened, "t", 0, "v2 again")).isEqualTo(g1 + 1);
        }
        try (Spool again = Spool.open(settings(dir))) {
            assertThat(again.recovered().partitions().get(0).unstamped())
                    .extracting(SpoolFixtures::value)
                    .containsExactly("v0", "v1", "v2 again");
        }
    }

    @Test
    void aLastEntryWithABadChecksumIsDroppedNeverHalfRead() throws Exception {
        Spool spool = Spool.open(settings(dir));
        append(spool, "t", 0, "v0");
        append(spool, "t", 0, "v1");
        spool.crash();
        Path segment = segments(dir).get(0);
        flipByte(segment, Files.size(segment) - 1);
        try (Spool reopened = Spool.open(settings(dir))) {
            assertThat(reopened.recovered().partitions().get(0).unstamped())
                    .extracting(SpoolFixtures::value)
                    .containsExactly("v0");
            assertThat(Files.size(segment)).isEqualTo(entrySize("t", "v0"));
        }
    }

    @Test
    void zerosAfterTheLastEntryAreDropped() throws Exception {
        Spool spool = Spool.open(settings(dir));
        append(spool, "t", 0, "v0");
        spool.crash();
        Path segment = segments(dir).get(0);
        truncate(segment, Files.size(segment) + 4096); // what a machine crash can leave: a hole of zeros
        try (Spool reopened = Spool.open(settings(dir))) {
            assertThat(reopened.recovered().recordCount()).isEqualTo(1);
            assertThat(Files.size(segment)).isEqualTo(entrySize("t", "v0"));
        }
    }

    @Test
    void aCorruptEntryInAnOlderSegmentFailsNamingTheFileAndOffset() throws Exception {
        String value = "x".repeat(100); // four entries to a 1 KiB segment
        Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20));
        for (int i = 0; i < 10; i++) {
            append(spool, "t", 0, value);
        }
        spool.crash();
        List<Path> files = segments(dir);
        assertThat(files).hasSizeGreaterThan(2);
        long secondEntry = entrySize("t", value);
        flipByte(files.get(0), secondEntry + Entries.FRAME + 20);
        assertThatThrownBy(() -> Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20)))
                .isInstanceOf(SpoolException.class)
                .hasMessageContaining(files.get(0).toString())
                .hasMessageContaining("corrupt at offset " + secondEntry)
                .hasMessageContaining("CRC-32C");
        assertThat(Files.size(files.get(0))).as("nothing truncated").isEqualTo(4 * secondEntry);
        try (Spool lockIsFree = Spool.open(settings(dir.resolve("other")))) {
            assertThat(lockIsFree.recovered().recordCount()).isZero();
        }
    }

    @Test
    void aFailedOpenReleasesTheDirectory() throws Exception {
        Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20));
        for (int i = 0; i < 10; i++) {
            append(spool, "t", 0, "x".repeat(100));
        }
        spool.crash();
        List<Path> files = segments(dir);
        truncate(files.get(0), 10);
        assertThatThrownBy(() -> Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20)))
                .hasMessageContaining("corrupt at offset 0");
        Files.delete(files.get(0));
        try (Spool reopened = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20))) {
            assertThat(reopened.recovered().recordCount()).isEqualTo(6);
        }
    }
}
