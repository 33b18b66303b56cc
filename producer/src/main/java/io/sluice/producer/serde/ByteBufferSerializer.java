package io.sluice.producer.serde;

import java.nio.ByteBuffer;

/**
 * Writes the bytes from index 0 to the buffer's limit, as Kafka 4.x's serializer does: the buffer is rewound
 * first (so the position is ignored) and left rewound afterwards. A heap buffer whose whole backing array is
 * exactly those bytes is returned without copying. Kafka name: {@code ...ByteBufferSerializer}.
 */
public class ByteBufferSerializer implements Serializer<ByteBuffer> {
    /** Creates the serializer. */
    public ByteBufferSerializer() {}

    @Override
    public byte[] serialize(String topic, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        data.rewind();
        if (data.hasArray() && data.arrayOffset() == 0 && data.array().length == data.remaining()) {
            return data.array();
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy, 0, copy.length);
        data.rewind();
        return copy;
    }
}
