package io.sluice.producer.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.errors.SerializationException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SerializersMatchKafkaTest {

    private static <T> void assertSameBytes(
            Serializer<T> ours, org.apache.kafka.common.serialization.Serializer<T> kafkas, List<T> values) {
        for (T v : values) {
            assertThat(ours.serialize("t", v)).as("value %s", v).isEqualTo(kafkas.serialize("t", v));
        }
        assertThat(ours.serialize("t", null)).isNull();
        assertThat(kafkas.serialize("t", null)).isNull();
    }

    @Test
    void stringsInUtf8AndConfiguredEncodings() {
        List<String> values = List.of("", "hello", "héllo wörld", "日本語", "emoji \uD83D\uDE00", "a\u0000b");
        assertSameBytes(new StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer(), values);
        for (Map<String, Object> conf : List.<Map<String, Object>>of(
                Map.of("key.serializer.encoding", "UTF-16"),
                Map.of("serializer.encoding", "ISO-8859-1"),
                Map.of("value.serializer.encoding", "UTF-16LE", "serializer.encoding", "UTF-8"))) {
            for (boolean isKey : new boolean[] {true, false}) {
                StringSerializer ours = new StringSerializer();
                ours.configure(conf, isKey);
                var kafka = new org.apache.kafka.common.serialization.StringSerializer();
                kafka.configure(conf, isKey);
                assertSameBytes(ours, kafka, List.of("héllo", "plain"));
            }
        }
    }

    @Test
    void unknownEncodingFailsWithSerializationException() {
        StringSerializer s = new StringSerializer();
        assertThatThrownBy(() -> s.configure(Map.of("serializer.encoding", "NOPE-42"), true))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("NOPE-42");
    }

    @Test
    void numbers() {
        assertSameBytes(
                new IntegerSerializer(),
                new org.apache.kafka.common.serialization.IntegerSerializer(),
                List.of(0, 1, -1, 255, 256, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x12345678));
        assertSameBytes(
                new LongSerializer(),
                new org.apache.kafka.common.serialization.LongSerializer(),
                List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L));
        assertSameBytes(
                new ShortSerializer(),
                new org.apache.kafka.common.serialization.ShortSerializer(),
                List.of((short) 0, (short) -1, Short.MIN_VALUE, Short.MAX_VALUE, (short) 0x1234));
        assertSameBytes(
                new FloatSerializer(),
                new org.apache.kafka.common.serialization.FloatSerializer(),
                List.of(
                        0f,
                        -0f,
                        1.5f,
                        Float.NaN,
                        Float.intBitsToFloat(0x7fc00001),
                        Float.MIN_VALUE,
                        Float.NEGATIVE_INFINITY));
        assertSameBytes(
                new DoubleSerializer(),
                new org.apache.kafka.common.serialization.DoubleSerializer(),
                List.of(
                        0d,
                        -0d,
                        Math.PI,
                        Double.NaN,
                        Double.longBitsToDouble(0x7ff8000000000001L),
                        Double.MAX_VALUE,
                        Double.POSITIVE_INFINITY));
        assertSameBytes(
                new BooleanSerializer(),
                new org.apache.kafka.common.serialization.BooleanSerializer(),
                List.of(true, false));
    }

    @Test
    void uuidsAsText() {
        assertSameBytes(
                new UUIDSerializer(),
                new org.apache.kafka.common.serialization.UUIDSerializer(),
                List.of(UUID.randomUUID(), new UUID(0, 0), new UUID(-1, -1)));
    }

    @Test
    void byteArraysAndVoid() {
        assertSameBytes(
                new ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                List.of(new byte[0], new byte[] {1, 2, 3}));
        assertThat(new VoidSerializer().serialize("t", null)).isNull();
    }

    @Test
    void byteBuffersInEveryShapeKafkaDistinguishes() {
        List<Supplier<ByteBuffer>> shapes = List.of(
                () -> ByteBuffer.wrap(new byte[] {1, 2, 3, 4}),
                () -> ByteBuffer.wrap(new byte[] {1, 2, 3, 4}, 1, 2),
                () -> ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}).slice(1, 3),
                () -> ByteBuffer.allocate(8).put(new byte[] {9, 8, 7}),
                () -> ByteBuffer.allocateDirect(6).put(new byte[] {5, 6}),
                () -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(4);
                    b.put(new byte[] {1, 2, 3, 4}).flip();
                    return b;
                },
                () -> ByteBuffer.allocate(0));
        var kafka = new org.apache.kafka.common.serialization.ByteBufferSerializer();
        var ours = new ByteBufferSerializer();
        for (int i = 0; i < shapes.size(); i++) {
            ByteBuffer a = shapes.get(i).get();
            ByteBuffer b = shapes.get(i).get();
            assertThat(ours.serialize("t", a)).as("shape %d", i).isEqualTo(kafka.serialize("t", b));
        }
    }

    @Test
    void kafkaClassNamesMapToBuiltIns() {
        assertThat(BuiltInSerializers.forKafkaName("org.apache.kafka.common.serialization.StringSerializer"))
                .isEqualTo(StringSerializer.class);
        assertThat(BuiltInSerializers.forKafkaName("org.apache.kafka.common.serialization.UUIDSerializer"))
                .isEqualTo(UUIDSerializer.class);
        assertThat(BuiltInSerializers.forKafkaName("com.example.Other")).isNull();
    }
}
