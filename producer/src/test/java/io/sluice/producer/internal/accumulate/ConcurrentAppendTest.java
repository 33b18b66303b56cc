package io.sluice.producer.internal.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.internal.TestClusters;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.protocol.record.Compression;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrentAppendTest {
    private static final String T = "busy";

    @ParameterizedTest(name = "incremental allocation: {0}")
    @ValueSource(booleans = {false, true})
    void manySendersAndOneDrainerLoseNothingDuplicateNothingAndKeepPartitionOrder(boolean incremental)
            throws Exception {
        // Small memory: senders block on the pool and are woken by the drainer's deallocations. Incrementally
        // allocated batches start at 1 KiB, so give them room to grow several times.
        AccumulatorFixture f = incremental
                ? new AccumulatorFixture(
                        new AccumulatorSettings(4096, 0, 10, 100, 120_000, Compression.NONE, true, 0, null, true),
                        32 * 1024)
                : new AccumulatorFixture(
                        new AccumulatorSettings(512, 0, 10, 100, 120_000, Compression.NONE, true, 0, null, false),
                        8 * 1024);
        Cluster c = TestClusters.of(2, T, 4);
        int threads = 4;
        int perThread = 5000;
        Map<String, Long> lastOffsetSeen = new ConcurrentHashMap<>();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        List<CompletableFuture<RecordMetadata>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            senders.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int partition = i % 5 == 4 ? PartitionChooser.KEYLESS : (i + thread) % 4;
                    OutgoingRecord fut = new OutgoingRecord(
                            T,
                            partition,
                            f.now(),
                            null,
                            ByteBuffer.allocate(4).putInt(i).array(),
                            AccumulatorFixture.NO_HEADERS,
                            (md, e) -> {
                                // offsets of one partition only grow, in completion order
                                Long prev = lastOffsetSeen.put(md.topic() + md.partition(), md.offset());
                                if (prev != null && prev >= md.offset()) {
                                    outOfOrder.incrementAndGet();
                                }
                                completed.incrementAndGet();
                            });
                    futures.add(fut);
                    f.acc.append(fut, partition, c, 60_000, f.now());
                }
            }));
        }
        AtomicBoolean sendersDone = new AtomicBoolean();
        Thread drainer = new Thread(() -> {
            Map<Integer, Long> nextOffset = new ConcurrentHashMap<>();
            while (!sendersDone.get() || f.acc.hasUndrained()) {
                ReadyCheck ready = f.acc.ready(c, f.now());
                for (List<ProducerBatch> batches :
                        f.acc.drain(c, ready.readyNodes(), 1 << 20, f.now()).values()) {
                    for (ProducerBatch b : batches) {
                        int key = b.partition();
                        long base = nextOffset.getOrDefault(key, 0L);
                        nextOffset.put(key, base + b.recordCount());
                        b.complete(base, -1);
                        f.acc.deallocate(b);
                    }
                }
            }
        });
        senders.forEach(Thread::start);
        drainer.start();
        start.countDown();
        for (Thread s : senders) {
            s.join(60_000);
        }
        sendersDone.set(true);
        drainer.join(60_000);
        assertThat(drainer.isAlive()).isFalse();
        assertThat(completed.get()).isEqualTo(threads * perThread);
        assertThat(outOfOrder.get()).isZero();
        assertThat(futures).allSatisfy(fut -> assertThat(fut).isCompleted());
        Set<String> offsets = ConcurrentHashMap.newKeySet();
        for (CompletableFuture<RecordMetadata> fut : futures) {
            RecordMetadata md = fut.join();
            assertThat(offsets.add(md.partition() + "@" + md.offset()))
                    .as("duplicate offset")
                    .isTrue();
        }
        assertThat(f.pool.availableMemory()).isEqualTo(f.pool.totalMemory());
        assertThat(f.acc.hasIncomplete()).isFalse();
    }
}
