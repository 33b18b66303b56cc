package io.sluice.producer.internal.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sluice.producer.internal.TestClusters;
import io.sluice.producer.internal.metadata.Cluster;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The sender's per-turn scans read each partition's published head summary instead of taking its lock. */
class LockFreeReadyTest {
    private static final String T = "events";
    private final Cluster cluster = TestClusters.of(2, T, 4);

    @Test
    void readyExpiryAndUndrainedChecksDoNotWaitForAPartitionLockHeldByAnAppender() throws Exception {
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
        f.append(T, 0, new byte[10], cluster);
        PartitionQueue q = f.acc.partitionQueue(T, 0);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            q.lock();
            try {
                locked.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                q.unlock();
            }
        });
        holder.start();
        locked.await();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThat(f.acc.ready(cluster, f.now()).readyNodes()).containsExactly(0);
                assertThat(f.acc.expiredBatches(f.now())).isEmpty();
                assertThat(f.acc.hasUndrained()).isTrue();
            });
        } finally {
            release.countDown();
            holder.join();
        }
    }

    @Test
    void theSummaryFollowsAppendsDrainsAndRetries() {
        AccumulatorFixture f = new AccumulatorFixture(16384, 50, 1 << 20);
        assertThat(f.acc.hasUndrained()).isFalse();
        f.append(T, 1, new byte[10], cluster);
        assertThat(f.acc.hasUndrained()).isTrue();
        assertThat(f.acc.ready(cluster, f.now()).nextReadyCheckDelayMs()).isEqualTo(50);

        f.acc.beginFlush();
        int leader = cluster.leaderFor(T, 1);
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).containsExactly(leader);
        ProducerBatch b = f.acc.drain(cluster, Set.of(leader), 1 << 20, f.now())
                .get(leader)
                .get(0);
        assertThat(f.acc.hasUndrained()).isFalse();
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).isEmpty();

        // A retry waits out its backoff (100 ms, jittered by +-20%) even while a flush forces everything else.
        f.acc.reenqueue(b, f.now());
        assertThat(f.acc.hasUndrained()).isTrue();
        f.clock.advance(79);
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).isEmpty();
        assertThat(f.acc.ready(cluster, f.now()).nextReadyCheckDelayMs()).isBetween(1L, 41L);
        f.clock.advance(41);
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).containsExactly(leader);
    }
}
