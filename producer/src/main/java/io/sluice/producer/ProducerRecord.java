package io.sluice.producer;

import java.util.Objects;

/**
 * A record to send: topic, optional partition, optional timestamp, key, value and headers.
 *
 * <p>With an explicit partition the record goes there. Otherwise a keyed record goes to the partition its key
 * hashes to, and a record without a key to the partition the keyless partitioner picks. A {@code null} timestamp
 * means "the time of {@code send()}".
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ProducerRecord<K, V> {
    private final String topic;
    private final Integer partition;
    private final Long timestamp;
    private final K key;
    private final V value;
    private final Headers headers;

    /**
     * Creates a record with everything given.
     *
     * @param topic the topic, not null
     * @param partition the partition, or {@code null} to let the partitioner choose
     * @param timestamp the timestamp in milliseconds since the epoch, or {@code null} for the send time
     * @param key the key, may be null
     * @param value the value, may be null
     * @param headers the headers, may be null
     * @throws IllegalArgumentException on a negative partition or timestamp
     */
    public ProducerRecord(
            String topic, Integer partition, Long timestamp, K key, V value, Iterable<? extends Header> headers) {
        this.topic = Objects.requireNonNull(topic, "Topic cannot be null.");
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException(String.format(
                    "Invalid timestamp: %d. Timestamp should always be non-negative or null.", timestamp));
        }
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException(String.format(
                    "Invalid partition: %d. Partition number should always be non-negative or null.", partition));
        }
        this.partition = partition;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers instanceof Headers h ? h : headers == null ? new Headers() : new Headers(headers);
    }

    /** Creates a record with a partition, timestamp, key and value and no headers. */
    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value) {
        this(topic, partition, timestamp, key, value, null);
    }

    /** Creates a record with a partition, key, value and headers. */
    public ProducerRecord(String topic, Integer partition, K key, V value, Iterable<? extends Header> headers) {
        this(topic, partition, null, key, value, headers);
    }

    /** Creates a record with a partition, key and value. */
    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, null);
    }

    /** Creates a record with a key and value. */
    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, null);
    }

    /** Creates a record with only a value. */
    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, null);
    }

    /** Returns the topic. */
    public String topic() {
        return topic;
    }

    /** Returns the explicit partition, or {@code null}. */
    public Integer partition() {
        return partition;
    }

    /** Returns the explicit timestamp, or {@code null}. */
    public Long timestamp() {
        return timestamp;
    }

    /** Returns the key, or {@code null}. */
    public K key() {
        return key;
    }

    /** Returns the value, or {@code null}. */
    public V value() {
        return value;
    }

    /** Returns the headers, never null. */
    public Headers headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProducerRecord<?, ?> r
                && topic.equals(r.topic)
                && Objects.equals(partition, r.partition)
                && Objects.equals(timestamp, r.timestamp)
                && Objects.equals(key, r.key)
                && Objects.equals(value, r.value)
                && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, timestamp, key, value, headers);
    }

    @Override
    public String toString() {
        return "ProducerRecord(topic=" + topic + ", partition=" + partition + ", headers=" + headers + ", key=" + key
                + ", value=" + value + ", timestamp=" + timestamp + ")";
    }
}
