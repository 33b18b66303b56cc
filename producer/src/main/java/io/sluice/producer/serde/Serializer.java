package io.sluice.producer.serde;

import io.sluice.producer.Headers;
import java.io.Closeable;
import java.util.Map;

/**
 * Turns a key or value into bytes. Named by {@code key.serializer} / {@code value.serializer} (a class with a
 * public no-argument constructor) or passed to the producer as an instance.
 *
 * <p>Called on the thread that calls {@code send()}, possibly from many threads at once, so implementations must
 * be thread-safe. An exception thrown here fails that one send, with the exception as the cause.
 *
 * @param <T> the type serialized
 */
public interface Serializer<T> extends Closeable {
    /**
     * Configures the serializer with the producer's settings, once, before first use.
     *
     * @param configs all settings given to the producer
     * @param isKey whether this serializes keys
     */
    default void configure(Map<String, ?> configs, boolean isKey) {}

    /**
     * Serializes {@code data}.
     *
     * @param topic the topic the record goes to
     * @param data the data, may be null
     * @return the bytes, or {@code null} for a null key or value
     */
    byte[] serialize(String topic, T data);

    /**
     * Serializes {@code data}, with access to the record's headers (which may be changed here).
     *
     * @param topic the topic the record goes to
     * @param headers the record's headers
     * @param data the data, may be null
     * @return the bytes, or {@code null}
     */
    default byte[] serialize(String topic, Headers headers, T data) {
        return serialize(topic, data);
    }

    /** Releases resources; called once when the producer closes. Must not throw checked exceptions. */
    @Override
    default void close() {}
}
