package io.sluice.producer.internal.spool;

import static io.sluice.producer.internal.spool.SpoolFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.Poll;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 2_000;

    @TempDir
    Path dir;

    @Test
    void everyRecordWhoseAppendReturnedSurvivesAKillInItsThreadsOrder() throws Exception {
        Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 64 * 1024, 1L << 30));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int partition = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        append(spool, "t", partition, partition + ":" + i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        spool.crash();
        try (Spool reopened = Spool.open(settings(dir, FsyncPolicy.NONE, 64 * 1024, 1L << 30))) {
            Recovered recovered = reopened.recovered();
            assertThat(recovered.recordCount()).isEqualTo(THREADS * PER_THREAD);
            assertThat(recovered.partitions()).hasSize(THREADS);
            for (PartitionBacklog backlog : recovered.partitions()) {
                int p = backlog.partition().partition();
                assertThat(backlog.unstamped())
                        .extracting(SpoolFixtures::value)
                        .containsExactlyElementsOf(IntStream.range(0, PER_THREAD)
                                .mapToObj(i -> p + ":" + i)
                                .toList());
            }
        }
    }

    /**
     * While one append's write is stuck in its force, the others still append (no lock is held during I/O) and wait;
     * the next leader then writes and forces all of them at once.
     */
    @Test
    void appendsWaitingOnAWriteShareTheNextOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        ForceHook stuckOnce = new ForceHook() {
            @Override
            public void force(Path path, RandomAccessFile file) throws IOException {
                if (forces.incrementAndGet() == 1) {
                    try {
                        assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void forceDirectory(Path directory) {}
        };
        int followers = THREADS - 1;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Spool spool = Spool.open(new SpoolSettings(dir, FsyncPolicy.ALWAYS, 1000, 1 << 20, 1 << 20), stuckOnce)) {
            Future<Long> leader = pool.submit(() -> append(spool, "t", 0, "leader"));
            Poll.until("the leader in its force", Duration.ofSeconds(30), () -> forces.get() == 1);
            long afterLeader = spool.bytes();
            List<Future<Long>> waiting = new ArrayList<>();
            for (int i = 0; i < followers; i++) {
                String value = "f" + i;
                waiting.add(pool.submit(() -> append(spool, "t", 1, value)));
            }
            long entry = Entries.entrySize(Entries.recordBodySize("t", bytes("k-f0"), bytes("f0"), NO_HEADERS));
            Poll.until(
                    "every follower appended while the write is stuck",
                    Duration.ofSeconds(30),
                    () -> spool.bytes() == afterLeader + followers * entry);
            assertThat(waiting).noneMatch(Future::isDone);
            release.countDown();
            assertThat(leader.get(1, TimeUnit.MINUTES)).isZero();
            for (Future<Long> f : waiting) {
                f.get(1, TimeUnit.MINUTES);
            }
            assertThat(forces.get())
                    .as("one force for the leader, one for all the followers")
                    .isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acknowledgementsFromAnotherThreadRemoveExactlyTheirRecords() throws Exception {
        BlockingQueue<Long> toAck = new ArrayBlockingQueue<>(THREADS * PER_THREAD);
        try (Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 64 * 1024, 1L << 30))) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int partition = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < PER_THREAD; i++) {
                            long g = append(spool, "t", partition, partition + ":" + i);
                            if (partition % 2 == 0) {
                                toAck.add(g);
                            }
                        }
                    }));
                }
                Future<?> acker = pool.submit(() -> {
                    long[] one = new long[1];
                    for (int n = 0; n < THREADS / 2 * PER_THREAD; n++) {
                        one[0] = toAck.take();
                        spool.acked(one, 1);
                    }
                    return null;
                });
                for (Future<?> f : done) {
                    f.get(2, TimeUnit.MINUTES);
                }
                acker.get(2, TimeUnit.MINUTES);
            } finally {
                pool.shutdownNow();
            }
        }
        try (Spool reopened = Spool.open(settings(dir, FsyncPolicy.NONE, 64 * 1024, 1L << 30))) {
            assertThat(reopened.recovered().partitions())
                    .extracting(b -> b.partition().partition())
                    .containsExactlyInAnyOrder(1, 3, 5, 7);
            assertThat(reopened.recovered().recordCount()).isEqualTo(THREADS / 2 * PER_THREAD);
        }
    }
}
