package io.sluice.producer.internal.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.BufferExhaustedException;
import io.sluice.producer.errors.ProducerClosedException;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.internal.TestClusters;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

class RecordAccumulatorTest {
    private static final String T = "events";
    private final Cluster cluster = TestClusters.of(2, T, 4);

    @Test
    void batchIsNotReadyBeforeLingerAndReadyExactlyWhenLingerPasses() {
        AccumulatorFixture f = new AccumulatorFixture(16384, 10, 1 << 20);
        f.append(T, 0, new byte[10], cluster);

        ReadyCheck early = f.acc.ready(cluster, f.now());
        assertThat(early.readyNodes()).isEmpty();
        assertThat(early.nextReadyCheckDelayMs()).isEqualTo(10);

        f.clock.advance(9);
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).isEmpty();
        assertThat(f.acc.ready(cluster, f.now()).nextReadyCheckDelayMs()).isEqualTo(1);

        f.clock.advance(1);
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).containsExactly(0);
    }

    @Test
    void fullBatchIsReadyAtOnceAndSealedWithAllItsRecords() {
        AccumulatorFixture f = new AccumulatorFixture(1024, 60_000, 1 << 20);
        int appended = 0;
        while (f.acc.queuedBatches(T, 1) < 2) {
            f.append(T, 1, new byte[100], cluster);
            appended++;
        }
        ReadyCheck ready = f.acc.ready(cluster, f.now());
        assertThat(ready.readyNodes()).containsExactly(1);

        Map<Integer, List<ProducerBatch>> drained = f.acc.drain(cluster, ready.readyNodes(), 1 << 20, f.now());
        ProducerBatch first = drained.get(1).get(0);
        assertThat(first.recordCount()).isEqualTo(appended - 1);
        assertThat(first.estimatedSizeInBytes()).isLessThanOrEqualTo(1024);
        // the sealed bytes are a valid v2 batch that kafka-clients reads back
        MemoryRecords records = MemoryRecords.readableRecords(first.sealed());
        RecordBatch batch = records.batches().iterator().next();
        batch.ensureValid();
        assertThat(batch.countOrNull()).isEqualTo(appended - 1);
        // the second batch holds the record that did not fit and is not ready (it lingers)
        assertThat(f.acc.queuedBatches(T, 1)).isEqualTo(1);
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).isEmpty();
    }

    @Test
    void recordLargerThanBatchSizeGetsABatchOfItsOwn() {
        AccumulatorFixture f = new AccumulatorFixture(1024, 60_000, 1 << 20);
        f.append(T, 2, new byte[10], cluster);
        f.append(T, 2, new byte[5000], cluster);
        f.append(T, 2, new byte[10], cluster);
        assertThat(f.acc.queuedBatches(T, 2)).isEqualTo(3);
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (ProducerBatch b :
                    f.acc.drain(cluster, Set.of(0), 1 << 20, f.now()).get(0)) {
                counts.add(b.recordCount());
                assertThat(b.estimatedSizeInBytes())
                        .isLessThanOrEqualTo(Math.max(
                                1024, RecordBatchBuilder.sizeOfSingleRecordBatch(0, null, new byte[5000], null)));
            }
        }
        assertThat(counts).containsExactly(1, 1, 1);
    }

    @Test
    void drainTakesOneBatchPerPartitionAndRotatesFairlyUnderTheRequestSizeLimit() {
        Cluster oneBroker = TestClusters.of(1, T, 4);
        AccumulatorFixture f = new AccumulatorFixture(1024, 0, 1 << 20);
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < 3; i++) {
                f.append(T, p, new byte[900], oneBroker); // one record per batch
            }
        }
        // Room for two batches per request: the drain must rotate through partitions.
        List<Integer> order = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            List<ProducerBatch> drained =
                    f.acc.drain(oneBroker, Set.of(0), 2000, f.now()).get(0);
            assertThat(drained).hasSize(2);
            assertThat(drained.get(0).partition()).isNotEqualTo(drained.get(1).partition());
            drained.forEach(b -> order.add(b.partition()));
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
    }

    @Test
    void retriedBatchGoesBackToTheFrontAndWaitsItsBackoff() {
        AccumulatorFixture f = new AccumulatorFixture(100, 0, 1 << 20);
        f.append(T, 0, new byte[60], cluster);
        f.append(T, 0, new byte[60], cluster);
        ProducerBatch first =
                f.acc.drain(cluster, Set.of(0), 1 << 20, f.now()).get(0).get(0);
        f.acc.reenqueue(first, f.now());

        ReadyCheck backingOff = f.acc.ready(cluster, f.now());
        assertThat(backingOff.readyNodes()).isEmpty();
        assertThat(backingOff.nextReadyCheckDelayMs()).isBetween(80L, 120L); // retry.backoff.ms 100 +- 20%
        assertThat(f.acc.drain(cluster, Set.of(0), 1 << 20, f.now())).isEmpty();

        f.clock.advance(120);
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).containsExactly(0);
        ProducerBatch again =
                f.acc.drain(cluster, Set.of(0), 1 << 20, f.now()).get(0).get(0);
        assertThat(again).isSameAs(first);
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void completionGivesEachRecordItsOffsetInSendOrderExactlyOnce() {
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
        List<String> events = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            futures.add(f.append(T, 3, new byte[n], cluster, (md, e) -> events.add(n + "@" + md.offset())));
        }
        ProducerBatch b =
                f.acc.drain(cluster, Set.of(1), 1 << 20, f.now()).get(1).get(0);
        assertThat(b.complete(100, -1)).isTrue();
        assertThat(b.complete(200, -1)).isFalse();
        assertThat(b.completeExceptionally(new RuntimeException())).isFalse();
        assertThat(events).containsExactly("0@100", "1@101", "2@102", "3@103", "4@104");
        assertThat(futures.get(4).join().serializedValueSize()).isEqualTo(4);
        assertThat(futures.get(4).join().serializedKeySize()).isEqualTo(-1);
        f.acc.deallocate(b);
        assertThat(f.acc.hasIncomplete()).isFalse();
    }

    @Test
    void logAppendTimeReplacesRecordTimestamps() {
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
        CompletableFuture<RecordMetadata> fut = f.append(T, 0, new byte[1], cluster);
        ProducerBatch b =
                f.acc.drain(cluster, Set.of(0), 1 << 20, f.now()).get(0).get(0);
        b.complete(7, 123456L);
        assertThat(fut.join().timestamp()).isEqualTo(123456L);
        assertThat(fut.join().offset()).isEqualTo(7);
    }

    @Test
    void queuedBatchesExpireAfterDeliveryTimeout() {
        AccumulatorFixture f = new AccumulatorFixture(
                new AccumulatorSettings(
                        16384, 0, 100, 1000, 5000, io.sluice.protocol.record.Compression.NONE, true, 0, null, false),
                1 << 20);
        CompletableFuture<RecordMetadata> fut = f.append(T, 0, new byte[1], cluster);
        f.clock.advance(4999);
        assertThat(f.acc.expiredBatches(f.now())).isEmpty();
        f.clock.advance(1);
        List<ProducerBatch> expired = f.acc.expiredBatches(f.now());
        assertThat(expired).hasSize(1);
        expired.get(0).completeExceptionally(expired.get(0).deliveryTimeoutException(f.now()));
        assertThat(fut).isCompletedExceptionally();
        assertThatThrownBy(fut::join)
                .hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("events-0")
                .hasMessageContaining("delivery.timeout.ms");
    }

    @Test
    void onlyBatchesPastTheDeliveryTimeoutExpireAndYoungerOnesStayQueued() {
        AccumulatorFixture f = new AccumulatorFixture(
                new AccumulatorSettings(
                        16384, 0, 100, 1000, 5000, io.sluice.protocol.record.Compression.NONE, true, 0, null, false),
                1 << 20);
        CompletableFuture<RecordMetadata> older = f.append(T, 0, new byte[10_000], cluster);
        f.clock.advance(2000);
        CompletableFuture<RecordMetadata> younger = f.append(T, 0, new byte[10_000], cluster);
        assertThat(f.acc.queuedBatches(T, 0)).isEqualTo(2);

        f.clock.advance(3000);
        List<ProducerBatch> expired = f.acc.expiredBatches(f.now());

        assertThat(expired).hasSize(1);
        assertThat(f.acc.queuedBatches(T, 0)).isEqualTo(1);
        expired.get(0).completeExceptionally(expired.get(0).deliveryTimeoutException(f.now()));
        assertThat(older).isCompletedExceptionally();
        assertThat(younger).isNotDone();
        f.clock.advance(2000);
        assertThat(f.acc.expiredBatches(f.now())).hasSize(1);
        assertThat(f.acc.queuedBatches(T, 0)).isZero();
    }

    @Test
    void unknownLeaderIsReportedAndNotDrained() {
        Cluster leaderless = TestClusters.builder(2).topic(T, 4, 2).build();
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
        f.append(T, 2, new byte[1], leaderless);
        ReadyCheck ready = f.acc.ready(leaderless, f.now());
        assertThat(ready.readyNodes()).isEmpty();
        assertThat(ready.unknownLeaderTopics()).containsExactly(T);
    }

    @Test
    void flushMakesLingeringBatchesReady() throws Exception {
        AccumulatorFixture f = new AccumulatorFixture(16384, 60_000, 1 << 20);
        f.append(T, 0, new byte[1], cluster);
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).isEmpty();
        f.acc.beginFlush();
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).containsExactly(0);
        ProducerBatch b =
                f.acc.drain(cluster, Set.of(0), 1 << 20, f.now()).get(0).get(0);
        b.complete(0, -1);
        f.acc.deallocate(b);
        f.acc.awaitFlushCompletion();
        assertThat(f.acc.flushInProgress()).isFalse();
    }

    @Test
    void closedAccumulatorRefusesAppendsAndMakesEverythingReady() {
        AccumulatorFixture f = new AccumulatorFixture(16384, 60_000, 1 << 20);
        f.append(T, 0, new byte[1], cluster);
        f.acc.close();
        assertThat(f.acc.ready(cluster, f.now()).readyNodes()).containsExactly(0);
        assertThatThrownBy(() -> f.append(T, 0, new byte[1], cluster)).isInstanceOf(ProducerClosedException.class);
    }

    @Test
    void abortFailsQueuedBatchesAndReturnsTheirMemory() {
        AccumulatorFixture f = new AccumulatorFixture(1024, 60_000, 8192);
        CompletableFuture<RecordMetadata> a = f.append(T, 0, new byte[10], cluster);
        CompletableFuture<RecordMetadata> b = f.append(T, 1, new byte[10], cluster);
        assertThat(f.pool.availableMemory()).isEqualTo(8192 - 2048);
        f.acc.abortIncompleteBatches(new ProducerClosedException("closing"));
        assertThat(a).isCompletedExceptionally();
        assertThat(b).isCompletedExceptionally();
        assertThat(f.pool.availableMemory()).isEqualTo(8192);
        assertThat(f.acc.hasUndrained()).isFalse();
    }

    @Test
    void appendFailsWithBufferExhaustedWhenMemoryDoesNotFreeUp() {
        AccumulatorFixture f = new AccumulatorFixture(1024, 60_000, 2048);
        f.append(T, 0, new byte[10], cluster);
        f.append(T, 1, new byte[10], cluster);
        assertThatThrownBy(() -> f.append(T, 2, new byte[10], cluster))
                .isInstanceOf(BufferExhaustedException.class)
                .hasMessageContaining("buffer.memory")
                .hasMessageContaining("max.block.ms");
    }

    @Test
    void sealedBatchCarriesTheStampedProducerState() {
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
        f.acc.setBatchStamper(batch -> batch.setProducerState(77L, (short) 3, 40, false));
        f.append(T, 0, "v".getBytes(), cluster);
        ProducerBatch b =
                f.acc.drain(cluster, Set.of(0), 1 << 20, f.now()).get(0).get(0);
        ByteBuffer sealed = b.sealed();
        RecordBatch batch =
                MemoryRecords.readableRecords(sealed).batches().iterator().next();
        assertThat(batch.producerId()).isEqualTo(77L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(40);
        Record r = batch.iterator().next();
        assertThat(r.value().remaining()).isEqualTo(1);
    }
}
