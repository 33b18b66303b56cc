package io.sluice.producer.serde;

/** Writes a short as 2 bytes, big-endian. Kafka name: {@code org.apache.kafka.common.serialization.ShortSerializer}. */
public class ShortSerializer implements Serializer<Short> {
    /** Creates the serializer. */
    public ShortSerializer() {}

    @Override
    public byte[] serialize(String topic, Short data) {
        if (data == null) {
            return null;
        }
        int bits = data;
        byte[] out = new byte[2];
        for (int i = 2 - 1; i >= 0; i--) {
            out[i] = (byte) bits;
            bits >>>= 8;
        }
        return out;
    }
}
