package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteWriter;

/** Small pieces of encoding shared by several messages. */
final class Codecs {
    private Codecs() {}

    /** A non-null (compact) array of int32. */
    static void writeInt32Array(ByteWriter w, java.util.List<Integer> values, boolean flexible) {
        w.writeArrayLength(values.size(), flexible);
        for (int i = 0; i < values.size(); i++) {
            w.writeInt(values.get(i));
        }
    }
}
