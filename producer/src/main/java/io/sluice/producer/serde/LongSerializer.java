package io.sluice.producer.serde;

/** Writes a long as 8 bytes, big-endian. Kafka name: {@code org.apache.kafka.common.serialization.LongSerializer}. */
public class LongSerializer implements Serializer<Long> {
    /** Creates the serializer. */
    public LongSerializer() {}

    @Override
    public byte[] serialize(String topic, Long data) {
        if (data == null) {
            return null;
        }
        long bits = data;
        byte[] out = new byte[8];
        for (int i = 8 - 1; i >= 0; i--) {
            out[i] = (byte) bits;
            bits >>>= 8;
        }
        return out;
    }
}
