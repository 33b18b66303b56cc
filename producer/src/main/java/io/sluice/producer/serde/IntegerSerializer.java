package io.sluice.producer.serde;

/** Writes an int as 4 bytes, big-endian. Kafka name: {@code org.apache.kafka.common.serialization.IntegerSerializer}. */
public class IntegerSerializer implements Serializer<Integer> {
    /** Creates the serializer. */
    public IntegerSerializer() {}

    @Override
    public byte[] serialize(String topic, Integer data) {
        if (data == null) {
            return null;
        }
        int bits = data;
        byte[] out = new byte[4];
        for (int i = 4 - 1; i >= 0; i--) {
            out[i] = (byte) bits;
            bits >>>= 8;
        }
        return out;
    }
}
