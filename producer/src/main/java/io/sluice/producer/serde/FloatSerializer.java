package io.sluice.producer.serde;

/** Writes a float's raw IEEE 754 bits as 4 bytes, big-endian (NaN payloads kept). Kafka name: {@code org.apache.kafka.common.serialization.FloatSerializer}. */
public class FloatSerializer implements Serializer<Float> {
    /** Creates the serializer. */
    public FloatSerializer() {}

    @Override
    public byte[] serialize(String topic, Float data) {
        if (data == null) {
            return null;
        }
        int bits = Float.floatToRawIntBits(data);
        byte[] out = new byte[4];
        for (int i = 4 - 1; i >= 0; i--) {
            out[i] = (byte) bits;
            bits >>>= 8;
        }
        return out;
    }
}
