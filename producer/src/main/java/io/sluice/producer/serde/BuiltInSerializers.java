package io.sluice.producer.serde;

import java.util.Map;

/**
 * Maps the well-known Kafka serializer class names to Sluice's built-ins, so an existing
 * {@code producer.properties} works unchanged.
 */
public final class BuiltInSerializers {
    private static final String KAFKA = "org.apache.kafka.common.serialization.";
    private static final Map<String, Class<?>> BY_KAFKA_NAME = Map.ofEntries(
            Map.entry(KAFKA + "StringSerializer", StringSerializer.class),
            Map.entry(KAFKA + "ByteArraySerializer", ByteArraySerializer.class),
            Map.entry(KAFKA + "ByteBufferSerializer", ByteBufferSerializer.class),
            Map.entry(KAFKA + "IntegerSerializer", IntegerSerializer.class),
            Map.entry(KAFKA + "LongSerializer", LongSerializer.class),
            Map.entry(KAFKA + "ShortSerializer", ShortSerializer.class),
            Map.entry(KAFKA + "FloatSerializer", FloatSerializer.class),
            Map.entry(KAFKA + "DoubleSerializer", DoubleSerializer.class),
            Map.entry(KAFKA + "UUIDSerializer", UUIDSerializer.class),
            Map.entry(KAFKA + "VoidSerializer", VoidSerializer.class),
            Map.entry(KAFKA + "BooleanSerializer", BooleanSerializer.class));

    private BuiltInSerializers() {}

    /** Returns the built-in class for a Kafka serializer class name, or {@code null} when it is not one. */
    public static Class<?> forKafkaName(String className) {
        return BY_KAFKA_NAME.get(className);
    }
}
