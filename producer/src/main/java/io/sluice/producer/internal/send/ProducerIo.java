package io.sluice.producer.internal.send;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.metadata.MetadataView;
import io.sluice.producer.internal.net.Secrets;
import io.sluice.producer.internal.time.Clock;
import io.sluice.producer.internal.txn.TransactionControl;
import java.time.Duration;
import java.util.Map;

/**
 * The producer's back half as the front half sees it: the metadata view and the sender that drains the
 * {@link RecordAccumulator} and ships batches.
 *
 * <p>Lifecycle: the producer creates the accumulator, then the back half through a {@link Factory}, then calls
 * {@link #start()}. On {@code close(timeout)} it calls {@link #initiateClose()} (send what is buffered, then stop),
 * waits with {@link #awaitTermination(Duration)}, and if that times out calls {@link #forceClose()} (abort what is
 * left with {@link RecordAccumulator#abortIncompleteBatches(RuntimeException)}) and waits again.
 *
 * <p>The back half must call {@link RecordAccumulator#onMetadataUpdate} with every new cluster snapshot, the first
 * one included: the front half partitions records and answers {@code partitionsFor} only from those snapshots.
 */
public interface ProducerIo {
    /** Returns the metadata view; {@code requestTopic} and {@code requestUpdate} must not block. */
    MetadataView metadata();

    /** Starts the network thread. */
    void start();

    /** Wakes the network thread, e.g. after a batch became full or a flush began. Must not block. */
    void wakeup();

    /** Stops accepting work once the accumulator is empty: send what is buffered, then stop. */
    void initiateClose();

    /** Stops now; batches not yet acknowledged are failed. */
    void forceClose();

    /** Waits for the network thread to stop; returns whether it did within the timeout. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Returns the back half's metrics by name (e.g. {@code request-total}); may be empty. */
    default Map<String, Number> metrics() {
        return Map.of();
    }

    /**
     * The KIP-714 client instance id, waiting up to {@code timeout}; null when none came in time or none will.
     * A back half without client telemetry has none.
     */
    default java.util.UUID clientInstanceId(Duration timeout) throws InterruptedException {
        return null;
    }

    /**
     * Returns the transaction calls when the producer has a {@code transactional.id}, else {@code null}.
     */
    default TransactionControl transactions() {
        return null;
    }

    /** What the back half gets from the producer when it is created. */
    record Context(
            ProducerConfig config, Secrets secrets, RecordAccumulator accumulator, Clock clock, String clientId) {}

    /** Creates the back half. */
    @FunctionalInterface
    interface Factory {
        /** Creates the back half for one producer; must not start threads (that is {@link #start()}). */
        ProducerIo create(Context context);
    }
}
