package io.sluice.producer.serde;

/** Writes a double's IEEE 754 bits as 8 bytes, big-endian, every NaN as the canonical NaN. Kafka name: {@code org.apache.kafka.common.serialization.DoubleSerializer}. */
public class DoubleSerializer implements Serializer<Double> {
    /** Creates the serializer. */
    public DoubleSerializer() {}

    @Override
    public byte[] serialize(String topic, Double data) {
        if (data == null) {
            return null;
        }
        long bits = Double.doubleToLongBits(data);
        byte[] out = new byte[8];
        for (int i = 8 - 1; i >= 0; i--) {
            out[i] = (byte) bits;
            bits >>>= 8;
        }
        return out;
    }
}
