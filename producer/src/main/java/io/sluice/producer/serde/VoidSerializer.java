package io.sluice.producer.serde;

/** Writes nothing: always {@code null}, for topics without keys. Kafka name: {@code ...VoidSerializer}. */
public class VoidSerializer implements Serializer<Void> {
    /** Creates the serializer. */
    public VoidSerializer() {}

    @Override
    public byte[] serialize(String topic, Void data) {
        return null;
    }
}
