package io.sluice.producer.internal.spool;

import static io.sluice.producer.internal.spool.SpoolFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.Poll;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolFsyncTest {
    @TempDir
    Path dir;

    private static SpoolSettings withInterval(Path dir, FsyncPolicy policy, long intervalMs) {
        return new SpoolSettings(dir, policy, intervalMs, 1 << 20, 1024);
    }

    @Test
    void alwaysForcesBeforeAnAppendReturnsAndForcesRolledSegmentsAndTheDirectory() {
        CountingForce force = new CountingForce();
        try (Spool spool = Spool.open(withInterval(dir, FsyncPolicy.ALWAYS, 3_600_000), force)) {
            for (int i = 1; i <= 5; i++) {
                int before = force.fileForces.get();
                append(spool, "t", 0, "v" + i);
                assertThat(force.fileForces.get())
                        .as("forces after append " + i)
                        .isGreaterThan(before);
            }
            int before = force.fileForces.get();
            spool.sync(
                    spool.stamped(1, (short) 0, new io.sluice.producer.TopicPartition("t", 0), 0, new long[] {0}, 1));
            assertThat(force.fileForces.get())
                    .as("a stamp is forced before the batch goes out")
                    .isGreaterThan(before);
            for (int i = 0; i < 20; i++) {
                append(spool, "t", 0, "x".repeat(100));
            }
            assertThat(force.directoryForces.get())
                    .as("a new segment's name is forced")
                    .isPositive();
            assertThat(force.forced).contains(Path.of("00000000000000000000.spool"));
        }
    }

    @Test
    void noneNeverForces() {
        CountingForce force = new CountingForce();
        try (Spool spool = Spool.open(withInterval(dir, FsyncPolicy.NONE, 1), force)) {
            for (int i = 0; i < 30; i++) {
                append(spool, "t", 0, "x".repeat(100)); // several segments roll
            }
            spool.acked(new long[] {0, 1, 2}, 3);
        }
        assertThat(force.fileForces.get()).isZero();
        assertThat(force.directoryForces.get()).isZero();
    }

    @Test
    void intervalForcesInTheBackgroundNotOnAppend() {
        CountingForce force = new CountingForce();
        try (Spool spool = Spool.open(withInterval(dir, FsyncPolicy.INTERVAL, 3_600_000), force)) {
            for (int i = 0; i < 3; i++) {
                append(spool, "t", 0, "v" + i);
            }
            assertThat(force.fileForces.get())
                    .as("no force within an hour's interval")
                    .isZero();
        }
        assertThat(force.fileForces.get()).as("close forces").isEqualTo(1);
    }

    @Test
    void intervalForcesWhatWasWrittenEveryInterval() {
        CountingForce force = new CountingForce();
        try (Spool spool = Spool.open(withInterval(dir, FsyncPolicy.INTERVAL, 5), force)) {
            append(spool, "t", 0, "v");
            Poll.until("a background force", Duration.ofSeconds(10), () -> force.fileForces.get() > 0);
            int afterFirst = force.fileForces.get();
            append(spool, "t", 0, "w");
            Poll.until("a force of the new bytes", Duration.ofSeconds(10), () -> force.fileForces.get() > afterFirst);
        }
    }
}
