package io.sluice.producer;

/**
 * Told when the broker has acknowledged a record, or when sending it has failed for good.
 *
 * <p>Callbacks run on the producer's callback thread ({@code sluice-producer-callbacks-<client.id>}), one at a
 * time, and callbacks of records sent to one partition run in the order the records were sent. A callback that
 * is slow delays the callbacks after it but never the producer's network thread; one that throws is logged and
 * does not affect the producer. Do not call {@link SluiceProducer#flush()} from a callback.
 */
@FunctionalInterface
public interface Callback {
    /**
     * Called once per record.
     *
     * @param metadata where the record was written; on failure it still carries the topic and partition (or
     *     {@code -1} when no partition had been chosen) and {@link RecordMetadata#hasOffset()} is false
     * @param exception {@code null} on success, else why the record could not be delivered
     */
    void onCompletion(RecordMetadata metadata, Exception exception);
}
