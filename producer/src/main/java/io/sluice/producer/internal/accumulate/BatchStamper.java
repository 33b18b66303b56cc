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
}
