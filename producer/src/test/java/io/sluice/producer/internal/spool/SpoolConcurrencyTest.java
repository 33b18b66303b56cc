package io.sluice.producer.internal.spool;

import static io.sluice.producer.internal.spool.SpoolFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
