package io.sluice.producer.internal.txn;

import io.sluice.producer.internal.accumulate.ProducerBatch;

/**
 * The transaction work as the sender drives it: one call per step, and what the sender tells it about the
 * transaction's Produce requests and batches. {@link #NONE}, without a {@code transactional.id}, has nothing to do,
 * so the sender runs the same code either way. I/O thread only.
 */
public interface Transactions {
    /** Not transactional. */
    Transactions NONE = new Transactions() {};

    /**
     * One step: sends the next coordinator request if one is due.
     *
     * @return how long the I/O thread may wait before calling again
     */
    default long maintain(SenderPort sender, long nowMs) {
        return Long.MAX_VALUE;
    }

    /** Whether drain just held back partitions new to the transaction, to be added on the next step at once. */
    default boolean hasPartitionsToAdd() {
        return false;
    }

    /** The highest Produce version the transaction's protocol allows. */
    default short produceVersionCap() {
        return Short.MAX_VALUE;
    }

    /** A Produce request with batches of the transaction went out. */
    default void onProduceSent() {}

    /** A batch failed for good. */
    default void onBatchFailed(ProducerBatch batch, RuntimeException error) {}

    /**
     * Whether INVALID_PRODUCER_EPOCH on Produce ends only the transaction (KIP-588: the coordinator timed it out and
     * bumped the epoch) rather than the producer.
     */
    default boolean staleEpochIsAbortable() {
        return false;
    }
}
