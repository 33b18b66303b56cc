package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteWriter;

/** Small pieces of encoding shared by several messages. */
final class Codecs {
    private Codecs() {}

    /**
     * One tagged field: tag, size, then what {@code body} writes. The body goes through a scratch writer
     * first because its size, a varint, precedes it; only response encoders use this, off any hot path.
     */
    static void writeTaggedField(ByteWriter w, int tag, java.util.function.Consumer<ByteWriter> body) {
        ByteWriter field = new ByteWriter(16);
        body.accept(field);
        w.writeUnsignedVarint(tag);
        w.writeUnsignedVarint(field.position());
        w.writeBytes(field.array(), 0, field.position());
    }

    /** A non-null (compact) array of int32. */
    static void writeInt32Array(ByteWriter w, java.util.List<Integer> values, boolean flexible) {
        w.writeArrayLength(values.size(), flexible);
        for (int i = 0; i < values.size(); i++) {
            w.writeInt(values.get(i));
        }
    }
}
