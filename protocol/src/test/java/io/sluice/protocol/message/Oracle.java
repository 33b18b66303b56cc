package io.sluice.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/** Bridges to kafka-clients' generated message classes, the reference our bytes are compared against. */
final class Oracle {
    private Oracle() {}

    /** The bytes kafka-clients writes for {@code message} at {@code version}. */
    static byte[] kafkaBytes(Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = message.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(size);
        message.write(new ByteBufferAccessor(buf), cache, version);
        if (buf.hasRemaining()) {
            throw new AssertionError("kafka-clients wrote " + buf.position() + " of " + size + " bytes");
        }
        return buf.array();
    }

    /** The bytes our codec writes for {@code request} at {@code version}. */
    static byte[] ourBytes(Request request, short version) {
        ByteWriter w = new ByteWriter(64);
        request.write(w, version);
        return w.toByteArray();
    }

    /** The bytes our encoder writes for {@code response} at {@code version}. */
    static byte[] ourBytes(Response response, short version) {
        ByteWriter w = new ByteWriter(64);
        response.write(w, version);
        return w.toByteArray();
    }

    /**
     * Our decoder reads what kafka-clients wrote as {@code expected}, and our encoder writes {@code expected}
     * back to the very same bytes: a round trip checked against the reference both ways.
     */
    static <T extends Response> void assertReadsAndWrites(
            byte[] kafka, short version, BiFunction<ByteReader, Short, T> decoder, T expected) {
        assertThat(decoder.apply(ByteReader.of(kafka), version))
                .as("v" + version)
                .isEqualTo(expected);
        assertThat(ourBytes(expected, version)).as("v" + version).containsExactly(kafka);
    }

    /** A kafka-clients reader over {@code bytes}. */
    static ByteBufferAccessor kafkaReader(byte[] bytes) {
        return new ByteBufferAccessor(ByteBuffer.wrap(bytes));
    }

    static ByteReader reader(byte[] bytes) {
        return ByteReader.of(bytes);
    }

    static org.apache.kafka.common.Uuid toKafka(Uuid id) {
        return new org.apache.kafka.common.Uuid(id.mostSignificantBits(), id.leastSignificantBits());
    }

    static Uuid fromKafka(org.apache.kafka.common.Uuid id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
