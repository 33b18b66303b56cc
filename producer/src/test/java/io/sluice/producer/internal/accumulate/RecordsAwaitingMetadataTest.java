package io.sluice.producer.internal.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.errors.TopicAuthorizationException;
import io.sluice.producer.internal.TestClusters;
import io.sluice.producer.internal.metadata.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RecordsAwaitingMetadataTest {
    private static final String T = "fresh-topic";

    private CompletableFuture<RecordMetadata> hold(AccumulatorFixture f, int partition, byte[] key, List<String> log) {
        OutgoingRecord fut = new OutgoingRecord(
                T,
                partition,
                f.now(),
                key,
                new byte[20],
                AccumulatorFixture.NO_HEADERS,
                log == null ? null : (md, e) -> log.add(md.partition() + "@" + md.offset()));
        int n = log == null ? 0 : log.size();
        PendingRecord r = new PendingRecord(fut, null, null, f.now() + 1000);
        f.acc.hold(r, 1000, f.now());
        return fut;
    }

    @Test
    void heldRecordsCountAgainstMemoryAndArePartitionedWhenMetadataArrives() {
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(hold(f, 1, null, null));
        }
        assertThat(f.acc.isHolding(T)).isTrue();
        assertThat(f.pool.availableMemory()).isLessThan(1 << 20);
        assertThat(f.acc.hasUndrained()).isTrue();

        Cluster c = TestClusters.of(2, T, 3);
        f.acc.onMetadataUpdate(c, f.now());
        assertThat(f.acc.isHolding(T)).isFalse();
        assertThat(f.acc.queuedBatches(T, 1)).isEqualTo(1);
        // the reservation became a pooled batch buffer
        assertThat(f.pool.availableMemory()).isEqualTo((1 << 20) - 16384);

        ProducerBatch b = f.acc.drain(c, Set.of(1), 1 << 20, f.now()).get(1).get(0);
        assertThat(b.recordCount()).isEqualTo(3);
        b.complete(10, -1);
        assertThat(futures).allSatisfy(fut -> assertThat(fut.join().partition()).isEqualTo(1));
        assertThat(futures.get(2).join().offset()).isEqualTo(12);
    }

    @Test
    void heldRecordsThatFillTheWholeBufferStillBecomeBatchesWhenMetadataArrives() {
        // A burst before the topic's metadata arrives fills buffer.memory with held records alone. Their own
        // reservations must pay for the batches they go into; otherwise no batch could ever be made, nothing sent,
        // and every sender would wait out max.block.ms.
        int memory = 4 * 16384;
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, memory);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        long perRecord = memory;
        while (f.pool.availableMemory() >= perRecord) {
            long before = f.pool.availableMemory();
            futures.add(hold(f, 0, null, null));
            perRecord = before - f.pool.availableMemory();
        }
        assertThat(f.pool.availableMemory())
                .as("the buffer is full of held records")
                .isLessThan(perRecord);

        Cluster c = TestClusters.of(1, T, 1);
        f.acc.onMetadataUpdate(c, f.now());

        assertThat(f.acc.isHolding(T)).isFalse();
        int batches = f.acc.queuedBatches(T, 0);
        assertThat(batches).isBetween(2, 4);
        assertThat(f.pool.availableMemory()).isEqualTo(memory - (long) batches * 16384);
        int drained = 0;
        for (int i = 0; i < batches; i++) {
            ProducerBatch b = f.acc.drain(c, Set.of(0), 1 << 20, f.now()).get(0).get(0);
            drained += b.recordCount();
            b.complete(drained, -1);
            f.acc.deallocate(b);
        }
        assertThat(drained).isEqualTo(futures.size());
        assertThat(futures).allSatisfy(fut -> assertThat(fut).isCompleted().isNotCompletedExceptionally());
        assertThat(f.pool.availableMemory()).isEqualTo(memory);
    }

    @Test
    void heldRecordsFailAfterMaxBlockNamingTheTopicAndLikelyCauses() {
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
        CompletableFuture<RecordMetadata> fut = hold(f, -1, null, null);
        f.clock.advance(999);
        assertThat(f.acc.ready(Cluster.empty(), f.now()).nextReadyCheckDelayMs())
                .isEqualTo(1);
        assertThat(fut).isNotDone();
        f.clock.advance(1);
        f.acc.ready(Cluster.empty(), f.now());
        assertThatThrownBy(fut::join)
                .hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("Topic fresh-topic not present in metadata")
                .hasMessageContaining("auto.create.topics.enable")
                .hasMessageContaining("not authorized");
        assertThat(f.pool.availableMemory()).isEqualTo(1 << 20);
        assertThat(f.acc.hasIncomplete()).isFalse();
    }

    @Test
    void unauthorizedTopicFailsHeldRecordsAtOnce() {
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
        CompletableFuture<RecordMetadata> fut = hold(f, -1, null, null);
        f.acc.onMetadataUpdate(TestClusters.builder(1).unauthorized(T).build(), f.now());
        assertThatThrownBy(fut::join)
                .hasCauseInstanceOf(TopicAuthorizationException.class)
                .hasMessageContaining("topic=fresh-topic")
                .hasMessageContaining("TOPIC_AUTHORIZATION_FAILED");
    }

    @Test
    void sendOrderIsKeptAcrossHeldAndDirectAppends() {
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
        List<String> log = new ArrayList<>();
        hold(f, 0, null, log);
        hold(f, 0, null, log);
        Cluster c = TestClusters.of(1, T, 1);
        f.acc.onMetadataUpdate(c, f.now());
        f.append(T, 0, new byte[20], c, (md, e) -> log.add(md.partition() + "@" + md.offset()));
        ProducerBatch b = f.acc.drain(c, Set.of(0), 1 << 20, f.now()).get(0).get(0);
        b.complete(0, -1);
        assertThat(log).containsExactly("0@0", "0@1", "0@2");
    }

    @Test
    void awaitTopicReturnsOnceASnapshotKnowsIt() throws Exception {
        AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
        CompletableFuture<Cluster> waiting = CompletableFuture.supplyAsync(() -> f.acc.awaitTopic(T, 60_000));
        Cluster c = TestClusters.of(1, T, 2);
        while (!waiting.isDone()) {
            f.acc.onMetadataUpdate(c, f.now());
            Thread.onSpinWait();
        }
        assertThat(waiting.join().partitionCount(T)).isEqualTo(2);
        assertThatThrownBy(() -> f.acc.awaitTopic("never", 0))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("Topic never not present in metadata after 0 ms");
    }
}
