package io.sluice.producer.internal.accumulate;

/**
 * Decides the idempotence state of a batch the first time it is drained, before it is sealed; the idempotence
 * and transaction work plugs in here. The default leaves batches unstamped (producer id {@code -1}).
 */
@FunctionalInterface
public interface BatchStamper {
    /** Leaves batches without producer id, epoch and sequence. */
    BatchStamper NONE = batch -> {};

    /**
     * Called on the draining thread for a batch about to be sealed; may call
     * {@link ProducerBatch#setProducerState}. Return normally to let the batch be sealed.
     */
    void stamp(ProducerBatch batch);

    /**
     * Whether drain may take {@code first}, the oldest batch of its partition, now. The idempotent producer holds
     * a partition back while its sequence numbers are being repaired. Called on the draining thread with the
     * partition's lock held: must be quick and take no lock.
     */
    default boolean mayDrain(ProducerBatch first) {
        return true;
    }
}
