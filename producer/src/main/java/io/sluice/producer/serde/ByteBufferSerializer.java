package io.sluice.producer.serde;

import java.nio.ByteBuffer;

/**
 * Writes a buffer's bytes, with Kafka's rules so the same buffer gives the same bytes with either client:
 *
 * <ul>
 *   <li>a heap buffer whose whole backing array is exactly its remaining bytes: that array, not copied;
 *   <li>else, if the position is above zero the buffer is treated as just written and is flipped first (so the
 *       bytes from 0 to the old position are taken), then the remaining bytes are copied.
 * </ul>
 *
 * The flip changes the caller's buffer, as in Kafka. Kafka name: {@code ...ByteBufferSerializer}.
 */
public class ByteBufferSerializer implements Serializer<ByteBuffer> {
    /** Creates the serializer. */
    public ByteBufferSerializer() {}

    @Override
    public byte[] serialize(String topic, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray() && data.arrayOffset() == 0 && data.array().length == data.remaining()) {
            return data.array();
        }
        if (data.position() > 0) {
            data.flip();
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }
}
