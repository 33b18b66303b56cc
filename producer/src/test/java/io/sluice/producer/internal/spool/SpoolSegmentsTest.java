package io.sluice.producer.internal.spool;

import static io.sluice.producer.internal.spool.SpoolFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolSegmentsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Four of these records fill a 1 KiB segment. */
    private static final String VALUE = "x".repeat(100);

    @TempDir
    Path dir;

    private static long[] range(long from, long to) {
        long[] gs = new long[(int) (to - from)];
        for (int i = 0; i < gs.length; i++) {
            gs[i] = from + i;
        }
        return gs;
    }

    @Test
    void segmentsAreNamedByTheirFirstRecordAndDeletedOnlyAsAPrefix() throws Exception {
        try (Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20))) {
            for (int i = 0; i < 12; i++) {
                append(spool, "t", 0, VALUE);
            }
            assertThat(segments(dir))
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly(
                            "00000000000000000000.spool", "00000000000000000004.spool", "00000000000000000008.spool");
            long[] second = range(4, 8);
            spool.acked(second, 4); // a done segment behind an outstanding one stays
            spool.acked(range(0, 3), 3);
            append(spool, "t", 0, VALUE); // a record written after the acknowledgements
            assertThat(segments(dir)).hasSize(4);
            spool.failed(new long[] {3}, 1);
            Poll.until(
                    "the first two segments deleted",
                    WAIT,
                    () -> spool.segmentFiles().size() == 2);
            assertThat(segments(dir))
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("00000000000000000008.spool", "00000000000000000012.spool");
            spool.acked(range(8, 13), 5);
            Poll.until(
                    "the third segment deleted",
                    WAIT,
                    () -> spool.segmentFiles().size() == 1);
            assertThat(segments(dir))
                    .as("the active segment is kept though done")
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("00000000000000000012.spool");
        }
        try (Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20))) {
            assertThat(spool.recovered().recordCount()).isZero();
            assertThat(append(spool, "t", 0, VALUE)).isEqualTo(13);
        }
    }

    @Test
    void recoveredRecordsDeleteTheirSegmentsWhenAcknowledged() throws Exception {
        Spool crashed = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20));
        for (int i = 0; i < 9; i++) {
            append(crashed, "t", 0, VALUE);
        }
        crashed.crash();
        try (Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20))) {
            List<SpooledRecord> left = spool.recovered().partitions().get(0).unstamped();
            assertThat(left).hasSize(9);
            long before = spool.bytes();
            assertThat(before)
                    .isEqualTo(Files.size(segments(dir).get(0)) * 2
                            + Files.size(segments(dir).get(2)));
            long[] gs = left.stream().mapToLong(SpooledRecord::sequence).toArray();
            spool.acked(gs, 8);
            Poll.until(
                    "recovered segments deleted",
                    WAIT,
                    () -> spool.segmentFiles().size() == 1);
            assertThat(spool.bytes()).isLessThan(before);
        }
    }

    @Test
    void aFullSpoolRefusesRecordsSayingWhatHoldsTheSpaceAndTakesThemAgainOnceAcknowledged() throws Exception {
        try (Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 4096))) {
            List<Long> appended = new ArrayList<>();
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 100; i++) {
                            appended.add(append(spool, "t", 0, VALUE));
                        }
                    })
                    .isInstanceOf(SpoolFullException.class)
                    .hasMessageContaining("spool " + dir + " is full")
                    .hasMessageContaining("would pass sluice.spool.max.bytes=4096")
                    .hasMessageContaining("the oldest segment 00000000000000000000.spool still holds 4 records");
            assertThat(appended).hasSizeBetween(12, 17);
            assertThat(spool.bytes()).isLessThanOrEqualTo(4096);
            long[] all = appended.stream().mapToLong(Long::longValue).toArray();
            spool.acked(all, all.length); // markers are taken even when the spool is full
            Poll.until("space freed", WAIT, () -> spool.bytes() < 2048);
            assertThat(append(spool, "t", 0, VALUE)).isEqualTo(appended.size());
        }
    }

    @Test
    void aRecordLargerThanASegmentGetsOneOfItsOwn() throws Exception {
        try (Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20))) {
            append(spool, "t", 0, "small");
            append(spool, "t", 0, "y".repeat(5000));
            append(spool, "t", 0, "small");
            assertThat(segments(dir)).hasSize(3);
        }
        try (Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20))) {
            assertThat(spool.recovered().partitions().get(0).unstamped())
                    .extracting(r -> value(r).length())
                    .containsExactly(5, 5000, 5);
        }
    }
}
