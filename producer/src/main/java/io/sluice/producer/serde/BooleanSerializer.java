package io.sluice.producer.serde;

/** Writes a boolean as one byte, 1 or 0. Kafka name: {@code org.apache.kafka.common.serialization.BooleanSerializer}. */
public class BooleanSerializer implements Serializer<Boolean> {
    private static final byte[] TRUE = {1};
    private static final byte[] FALSE = {0};

    /** Creates the serializer. */
    public BooleanSerializer() {}

    @Override
    public byte[] serialize(String topic, Boolean data) {
        if (data == null) {
            return null;
        }
        return (data ? TRUE : FALSE).clone();
    }
}
