package io.sluice.producer;

import java.util.Map;

/**
 * Sees records before they are sent and their outcome afterwards. Named in {@code interceptor.classes} (classes
 * with a public no-argument constructor), called in the order listed.
 *
 * <p>{@link #onSend} runs on the sending thread before serialization and partitioning; it may return a changed
 * record. {@link #onAcknowledgement} runs on the callback thread just before the record's callback. Exceptions
 * thrown by either are logged and otherwise ignored.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface ProducerInterceptor<K, V> extends AutoCloseable {
    /** Receives the producer's settings once, before first use. */
    default void configure(Map<String, ?> configs) {}

    /** Returns the record to send, possibly changed; called before serialization. */
    ProducerRecord<K, V> onSend(ProducerRecord<K, V> record);

    /**
     * Told of a record's outcome.
     *
     * @param metadata where it was written; on failure with the offset unknown
     * @param exception {@code null} on success
     */
    void onAcknowledgement(RecordMetadata metadata, Exception exception);

    /** Releases resources when the producer closes. */
    @Override
    default void close() {}
}
