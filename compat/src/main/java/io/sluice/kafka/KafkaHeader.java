package io.sluice.kafka;

import java.util.Arrays;
import java.util.Objects;

/**
 * One header that is both a kafka-clients header and a Sluice header, so the same object travels from the user's
 * Kafka record through Kafka serializers into Sluice's batch without a second copy.
 */
final class KafkaHeader implements io.sluice.producer.Header, org.apache.kafka.common.header.Header {
    private final String key;
    private final byte[] value;

    KafkaHeader(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "Null header keys are not permitted");
        this.value = value;
    }

    /** Returns the header itself when it is already both kinds, else a copy of its key and value reference. */
    static KafkaHeader of(org.apache.kafka.common.header.Header header) {
        return header instanceof KafkaHeader h ? h : new KafkaHeader(header.key(), header.value());
    }

    /** Returns the header itself when it is already both kinds, else one with the same key and value. */
    static KafkaHeader of(io.sluice.producer.Header header) {
        return header instanceof KafkaHeader h ? h : new KafkaHeader(header.key(), header.value());
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public byte[] value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaHeader h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader(key = " + key + ", value = " + Arrays.toString(value) + ")";
    }
}
