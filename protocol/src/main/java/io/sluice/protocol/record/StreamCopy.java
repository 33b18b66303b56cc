package io.sluice.protocol.record;

import io.sluice.protocol.types.ProtocolException;
import java.io.IOException;
import java.io.InputStream;

/** Drains a decompressing stream into a {@link BoundedOutput}, for the codecs that decompress as streams. */
final class StreamCopy {
    private StreamCopy() {}

    static void drain(InputStream in, BoundedOutput out) throws IOException {
        while (true) {
            int free = out.writableAfterGrowing();
            if (free == 0) {
                if (in.read() < 0) {
                    return; // exactly at the cap, and nothing more
                }
                throw out.overCap();
            }
            int n = in.read(out.array(), out.size(), free);
            if (n < 0) {
                return;
            }
            out.advance(n);
        }
    }

    /** A protocol error for corrupt compressed data; protocol errors (such as the size cap) pass through. */
    static ProtocolException corrupt(String codec, Exception e) {
        if (e instanceof ProtocolException pe) {
            return pe;
        }
        return new ProtocolException("corrupt " + codec + " records section: " + e, e);
    }
}
