package io.sluice.producer.internal.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.internal.TestClusters;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.partition.KeyHashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The resize barrier, scripted on a manual clock: the test plays the sending thread (the same calls
 * {@code SluiceProducer.send} makes) and the sender (ready, drain, complete), so every interleaving is exact.
 */
class ResizeBarrierTest {
    private static final String T = "orders";
    private static final int DELIVERY_TIMEOUT_MS = 120_000;
    private static final byte[] VALUE = new byte[100];

    private final AccumulatorFixture f = new AccumulatorFixture(16384, 0, 1 << 20);
    private final Cluster four = TestClusters.of(2, T, 4);
    private final Cluster eight = TestClusters.of(2, T, 8);

    ResizeBarrierTest() {
        f.acc.resizes().configure(KeyMapping.MURMUR2);
        f.acc.onMetadataUpdate(four, f.now());
    }

    /** The first test key whose partition among 4 and among 8 differs ({@code moves}) or not. */
    private static byte[] key(boolean moves) {
        for (int i = 0; ; i++) {
            byte[] k = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            if ((KeyHashing.partitionForKey(k, 4) != KeyHashing.partitionForKey(k, 8)) == moves) {
                return k;
            }
        }
    }

    private static byte[] movingKey() {
        return key(true);
    }

    private static byte[] stayingKey() {
        return key(false);
    }

    /** What SluiceProducer.send does for a keyed record of a known topic. */
    private CompletableFuture<RecordMetadata> send(byte[] key) {
        Cluster c = f.acc.cluster();
        OutgoingRecord future = new OutgoingRecord(T, -1, f.now(), key, VALUE, AccumulatorFixture.NO_HEADERS, null);
        ResizeOrdering resizes = f.acc.resizes();
        if (resizes.resizing() && resizes.mayHold(T, key)) {
            PendingRecord r = new PendingRecord(future, null, null, f.now() + DELIVERY_TIMEOUT_MS);
            if (resizes.hold(r, 0)) {
                return future;
            }
        }
        int p = KeyHashing.partitionForKey(key, c.partitionCount(T));
        f.acc.append(future, p, c, 0, f.now());
        return future;
    }

    /** One sender step: ready (which releases held records), then drain; the batches are now in flight. */
    private List<ProducerBatch> drain() {
        Cluster c = f.acc.cluster();
        ReadyCheck ready = f.acc.ready(c, f.now());
        List<ProducerBatch> drained = new ArrayList<>();
        for (List<ProducerBatch> batches :
                f.acc.drain(c, ready.readyNodes(), 1 << 20, f.now()).values()) {
            drained.addAll(batches);
        }
        return drained;
    }

    private void acknowledge(List<ProducerBatch> batches) {
        for (ProducerBatch b : batches) {
            b.complete(0, -1);
            f.acc.deallocate(b);
        }
    }

    private long metric(String name) {
        Map<String, Number> m = new java.util.HashMap<>();
        f.acc.metrics(m);
        return m.get(name).longValue();
    }

    @Test
    void aMovedKeyWaitsUntilItsOldPartitionsBatchIsAcknowledgedThenGoesToItsNewPartition() {
        byte[] k = movingKey();
        int oldPartition = KeyHashing.partitionForKey(k, 4);
        int newPartition = KeyHashing.partitionForKey(k, 8);
        CompletableFuture<RecordMetadata> before = send(k);
        List<ProducerBatch> inFlight = drain();
        assertThat(inFlight)
                .singleElement()
                .extracting(ProducerBatch::partition)
                .isEqualTo(oldPartition);

        f.acc.onMetadataUpdate(eight, f.now());
        CompletableFuture<RecordMetadata> after = send(k);
        assertThat(f.acc.queuedBatches(T, newPartition)).isZero();
        assertThat(f.acc.hasUndrained()).as("a held record counts as undrained").isTrue();
        assertThat(drain()).as("nothing goes while the old batch is in flight").isEmpty();
        assertThat(metric("resize-held-records")).isEqualTo(1);

        acknowledge(inFlight);
        assertThat(before).isCompleted();
        List<ProducerBatch> next = drain();
        assertThat(next).singleElement().extracting(ProducerBatch::partition).isEqualTo(newPartition);
        acknowledge(next);
        assertThat(after.join().partition()).isEqualTo(newPartition);
        assertThat(metric("resize-held-records")).isZero();
        assertThat(metric("resize-held-records-total")).isEqualTo(1);
        assertThat(f.acc.resizes().resizing())
                .as("the barrier is gone once drained")
                .isFalse();
    }

    @Test
    void aKeyThatStaysAndKeylessRecordsNeverWait() {
        byte[] moving = movingKey();
        byte[] staying = stayingKey();
        int stayPartition = KeyHashing.partitionForKey(staying, 4);
        send(moving);
        send(staying);
        List<ProducerBatch> inFlight = drain();
        f.acc.onMetadataUpdate(eight, f.now());
        assertThat(f.acc.resizes().resizing()).isTrue();

        assertThat(f.acc.resizes().mayHold(T, staying)).isFalse();
        send(staying);
        OutgoingRecord keyless = new OutgoingRecord(
                T, PartitionChooser.KEYLESS, f.now(), null, VALUE, AccumulatorFixture.NO_HEADERS, null);
        f.acc.append(keyless, PartitionChooser.KEYLESS, eight, 0, f.now());
        assertThat(f.acc.queuedBatches(T, stayPartition)).isEqualTo(1);
        List<ProducerBatch> next = drain();
        assertThat(next)
                .as("the staying key's and the keyless record's batches go while the old ones are in flight")
                .hasSizeBetween(1, 2);
        acknowledge(next);
        assertThat(keyless).isCompleted();
        assertThat(metric("resize-held-records-total")).isZero();
        acknowledge(inFlight);
    }

    @Test
    void aFailedOldBatchReleasesTheHold() {
        byte[] k = movingKey();
        CompletableFuture<RecordMetadata> before = send(k);
        List<ProducerBatch> inFlight = drain();
        f.acc.onMetadataUpdate(eight, f.now());
        CompletableFuture<RecordMetadata> after = send(k);

        for (ProducerBatch b : inFlight) {
            b.completeExceptionally(new TimeoutException("gone", T, b.partition(), null, null));
            f.acc.deallocate(b);
        }
        assertThat(before).isCompletedExceptionally();
        List<ProducerBatch> next = drain();
        assertThat(next)
                .singleElement()
                .extracting(ProducerBatch::partition)
                .isEqualTo(KeyHashing.partitionForKey(k, 8));
        acknowledge(next);
        assertThat(after.join().partition()).isEqualTo(KeyHashing.partitionForKey(k, 8));
    }

    @Test
    void deliveryTimeoutBoundsTheWaitAndReturnsTheMemory() {
        byte[] k = movingKey();
        send(k);
        List<ProducerBatch> inFlight = drain();
        f.acc.onMetadataUpdate(eight, f.now());
        long available = f.pool.availableMemory();
        CompletableFuture<RecordMetadata> after = send(k);
        assertThat(f.pool.availableMemory())
                .as("a held record counts against buffer.memory")
                .isLessThan(available);
        assertThat(f.acc.ready(eight, f.now()).nextReadyCheckDelayMs())
                .as("the sender wakes for the held record's deadline")
                .isLessThanOrEqualTo(DELIVERY_TIMEOUT_MS);

        f.clock.advance(DELIVERY_TIMEOUT_MS - 1);
        drain();
        assertThat(after).isNotDone();
        f.clock.advance(1);
        drain();
        assertThat(after).isCompletedExceptionally();
        assertThat(catchCause(after)).isInstanceOf(TimeoutException.class).hasMessageContaining("delivery.timeout.ms");
        assertThat(f.pool.availableMemory()).isEqualTo(available);
        acknowledge(inFlight);
    }

    @Test
    void heldRecordsThatFillTheBufferStillBecomeABatch() {
        AccumulatorFixture small = new AccumulatorFixture(16384, 0, 2 * 16384);
        small.acc.resizes().configure(KeyMapping.MURMUR2);
        small.acc.onMetadataUpdate(four, small.now());
        byte[] k = movingKey();
        OutgoingRecord first = new OutgoingRecord(
                T, KeyHashing.partitionForKey(k, 4), small.now(), k, VALUE, AccumulatorFixture.NO_HEADERS, null);
        small.acc.append(first, KeyHashing.partitionForKey(k, 4), four, 0, small.now());
        small.acc.onMetadataUpdate(eight, small.now());
        // The old batch holds one buffer; held records fill the other.
        List<CompletableFuture<RecordMetadata>> held = new ArrayList<>();
        while (small.pool.availableMemory() > 200) {
            OutgoingRecord fut = new OutgoingRecord(T, -1, small.now(), k, VALUE, AccumulatorFixture.NO_HEADERS, null);
            PendingRecord r = new PendingRecord(fut, null, null, small.now() + DELIVERY_TIMEOUT_MS);
            assertThat(small.acc.resizes().hold(r, 0)).isTrue();
            held.add(fut);
        }
        ReadyCheck ready = small.acc.ready(eight, small.now());
        for (List<ProducerBatch> bs :
                small.acc.drain(eight, ready.readyNodes(), 1 << 20, small.now()).values()) {
            for (ProducerBatch b : bs) {
                b.complete(0, -1);
                small.acc.deallocate(b);
            }
        }
        assertThat(first).isCompleted();
        small.acc.ready(eight, small.now());
        assertThat(small.acc.queuedBatches(T, KeyHashing.partitionForKey(k, 8)))
                .as("the held records became batches from their own reservations")
                .isPositive();
        assertThat(small.acc.resizes().hasHeld()).isFalse();
        assertThat(held).allSatisfy(fut -> assertThat(fut).isNotDone());
    }

    @Test
    void aRecordPlacedWithTheOldCountAfterTheGrowthWasSeenIsWaitedFor() {
        byte[] k = movingKey();
        int oldPartition = KeyHashing.partitionForKey(k, 4);
        send(k);
        acknowledge(drain()); // nothing is outstanding when the growth is seen
        f.acc.onMetadataUpdate(eight, f.now());
        assertThat(drain()).isEmpty();
        assertThat(f.acc.resizes().resizing())
                .as("nothing to wait for: the barrier is already gone")
                .isFalse();
        // A sending thread that read the old snapshot just before it changed appends with it now.
        OutgoingRecord stale =
                new OutgoingRecord(T, oldPartition, f.now(), k, VALUE, AccumulatorFixture.NO_HEADERS, null);
        f.acc.append(stale, oldPartition, four, 0, f.now());
        assertThat(f.acc.resizes().resizing()).isTrue();
        List<ProducerBatch> inFlight = drain();
        assertThat(inFlight).extracting(ProducerBatch::partition).containsExactly(oldPartition);
        CompletableFuture<RecordMetadata> after = send(k);
        assertThat(after).isNotDone();
        assertThat(drain()).isEmpty();
        acknowledge(inFlight);
        acknowledge(drain());
        assertThat(after.join().partition()).isEqualTo(KeyHashing.partitionForKey(k, 8));
    }

    @Test
    void aKeyThatMovesInTwoGrowthsDrainsBothInOrder() {
        Cluster sixteen = TestClusters.of(2, T, 16);
        byte[] k = null;
        for (int i = 0; k == null; i++) {
            byte[] c = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            int p4 = KeyHashing.partitionForKey(c, 4);
            int p8 = KeyHashing.partitionForKey(c, 8);
            int p16 = KeyHashing.partitionForKey(c, 16);
            if (p4 != p8 && p8 != p16) {
                k = c;
            }
        }
        send(k);
        List<ProducerBatch> first = drain();
        f.acc.onMetadataUpdate(eight, f.now());
        CompletableFuture<RecordMetadata> second = send(k);
        f.acc.onMetadataUpdate(sixteen, f.now());
        CompletableFuture<RecordMetadata> third = send(k);
        assertThat(drain()).isEmpty();

        acknowledge(first);
        // Held in the first growth, both records were re-checked against the second: the key's partition among 8 had
        // nothing outstanding, so both go to its partition among 16, in send order, in one batch.
        List<ProducerBatch> next = drain();
        assertThat(next)
                .singleElement()
                .extracting(ProducerBatch::partition)
                .isEqualTo(KeyHashing.partitionForKey(k, 16));
        acknowledge(next);
        assertThat(second.join().offset()).isLessThan(third.join().offset());
    }

    @Test
    void aKeyThatMovesAgainWaitsForTheRecordsItSentBetweenTheGrowths() {
        Cluster sixteen = TestClusters.of(2, T, 16);
        byte[] k = null;
        for (int i = 0; k == null; i++) {
            byte[] c = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            if (KeyHashing.partitionForKey(c, 4) != KeyHashing.partitionForKey(c, 8)
                    && KeyHashing.partitionForKey(c, 8) != KeyHashing.partitionForKey(c, 16)) {
                k = c;
            }
        }
        send(k);
        List<ProducerBatch> onFour = drain();
        f.acc.onMetadataUpdate(eight, f.now());
        send(k);
        acknowledge(onFour);
        List<ProducerBatch> onEight = drain();
        assertThat(onEight)
                .singleElement()
                .extracting(ProducerBatch::partition)
                .isEqualTo(KeyHashing.partitionForKey(k, 8));

        f.acc.onMetadataUpdate(sixteen, f.now());
        CompletableFuture<RecordMetadata> third = send(k);
        assertThat(drain()).as("the record sent among 8 is still in flight").isEmpty();
        acknowledge(onEight);
        List<ProducerBatch> onSixteen = drain();
        assertThat(onSixteen)
                .singleElement()
                .extracting(ProducerBatch::partition)
                .isEqualTo(KeyHashing.partitionForKey(k, 16));
        acknowledge(onSixteen);
        assertThat(third).isCompleted();
    }

    @Test
    void flushWaitsForHeldRecords() throws Exception {
        byte[] k = movingKey();
        send(k);
        List<ProducerBatch> inFlight = drain();
        f.acc.onMetadataUpdate(eight, f.now());
        CompletableFuture<RecordMetadata> after = send(k);
        f.acc.beginFlush();
        Thread flusher = new Thread(() -> {
            try {
                f.acc.awaitFlushCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        flusher.start();
        acknowledge(inFlight);
        acknowledge(drain());
        flusher.join(10_000);
        assertThat(flusher.isAlive()).isFalse();
        assertThat(after).isCompleted();
    }

    @Test
    void abortFailsHeldRecords() {
        byte[] k = movingKey();
        send(k);
        List<ProducerBatch> inFlight = drain();
        f.acc.onMetadataUpdate(eight, f.now());
        long available = f.pool.availableMemory();
        CompletableFuture<RecordMetadata> after = send(k);
        f.acc.abortUndrainedBatches(new IllegalStateException("aborted"));
        assertThat(after).isCompletedExceptionally();
        assertThat(f.pool.availableMemory()).isEqualTo(available);
        assertThat(f.acc.hasUndrained()).isFalse();
        acknowledge(inFlight);
    }

    @Test
    void withoutTheBarrierAMovedKeyGoesAtOnce() {
        AccumulatorFixture plain = new AccumulatorFixture(16384, 0, 1 << 20);
        plain.acc.onMetadataUpdate(four, plain.now());
        byte[] k = movingKey();
        OutgoingRecord f1 = new OutgoingRecord(
                T, KeyHashing.partitionForKey(k, 4), plain.now(), k, VALUE, AccumulatorFixture.NO_HEADERS, null);
        plain.acc.append(f1, KeyHashing.partitionForKey(k, 4), four, 0, plain.now());
        plain.acc.onMetadataUpdate(eight, plain.now());
        assertThat(plain.acc.resizes().resizing()).isFalse();
        Map<String, Number> m = new java.util.HashMap<>();
        plain.acc.metrics(m);
        assertThat(m.get("partition-count-growths-total").longValue()).isEqualTo(1);
    }

    private static Throwable catchCause(CompletableFuture<?> f) {
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
