package io.sluice.producer.serde;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a UUID as its 36-character text form ({@code 8-4-4-4-12} lowercase hex), encoded like
 * {@link StringSerializer}; that is what Kafka's {@code org.apache.kafka.common.serialization.UUIDSerializer}
 * writes, not the 16 raw bytes.
 */
public class UUIDSerializer implements Serializer<UUID> {
    private volatile Charset charset = StandardCharsets.UTF_8;

    /** Creates the serializer. */
    public UUIDSerializer() {}

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        charset = StringSerializer.Encodings.configured(configs, isKey, charset);
    }

    @Override
    public byte[] serialize(String topic, UUID data) {
        return data == null ? null : data.toString().getBytes(charset);
    }
}
