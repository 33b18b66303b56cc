package io.sluice.producer.internal.idempotence;

import io.sluice.producer.internal.accumulate.ProducerBatch;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.net.Network;

/**
 * The idempotence layer as the sender drives it: one call per step to keep the identity and repair broken
 * sequences, and one event per batch for what happened to it on the wire. {@link #NONE}, without {@code
 * enable.idempotence}, has an identity from the start, holds nothing back and forgets every event, so the sender
 * runs the same code either way. I/O thread only.
 */
public interface Idempotence {
    /** No idempotence: batches go unstamped, one partition may have any number in flight, nothing is fatal. */
    Idempotence NONE = new Idempotence() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public boolean hasProducerId() {
            return true;
        }

        @Override
        public boolean brokerHasState(ProducerBatch batch) {
            return true;
        }
    };

    /**
     * Whether batches carry sequences: the broker may then answer DUPLICATE_SEQUENCE_NUMBER and sequence errors, and
     * a batch in flight settles only by its answer, never by the sender's guess at its fate.
     */
    boolean enabled();

    /** Whether batches may be drained: there is a producer id to stamp them with. */
    boolean hasProducerId();

    /** Whether the broker holds state for the batch's identity on its partition, so more than one may be in flight. */
    boolean brokerHasState(ProducerBatch batch);

    /** Whether the producer met an error it cannot recover from; every later batch fails. */
    default boolean isFatal() {
        return false;
    }

    /** The error a batch fails with once the producer is in its fatal state. */
    default RuntimeException fatalErrorFor(ProducerBatch batch) {
        throw new IllegalStateException("not fatal");
    }

    /** Makes the producer unusable: every batch not yet sent fails with an error naming {@code cause}. */
    default void enterFatal(RuntimeException cause, String errorName) {}

    /**
     * Gets or renews the identity when due.
     *
     * @return how long the I/O thread may wait before calling again
     */
    default long maintainIdentity(Network network, Cluster cluster, long nowMs) {
        return Long.MAX_VALUE;
    }

    /** Repairs broken partitions that have nothing on the wire; called every step before draining. */
    default void repair(RecordAccumulator accumulator) {}

    /** Whether something happened since the last {@link #repair} that the next step should act on at once. */
    default boolean repairDue() {
        return false;
    }

    /** The batch went on the wire. */
    default void onSent(ProducerBatch batch) {}

    /** The batch's request was answered or failed: it is off the wire (and may be queued for a retry). */
    default void offWire(ProducerBatch batch) {}

    /** The broker wrote the batch. */
    default void acknowledged(ProducerBatch batch) {}

    /** The batch failed for good; {@code notWritten}: the broker refused this very attempt. */
    default void failedForGood(ProducerBatch batch, boolean notWritten) {}

    /** The broker called the batch out of order; {@code overtaken}: an earlier batch is still outstanding. */
    default void outOfOrder(ProducerBatch batch, boolean overtaken) {}

    /** The broker has no state for this producer on the batch's partition. */
    default void unknownProducer(ProducerBatch batch) {}
}
