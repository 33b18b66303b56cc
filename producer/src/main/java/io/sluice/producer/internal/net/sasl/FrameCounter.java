package io.sluice.producer.internal.net.sasl;

import java.nio.ByteBuffer;

/**
 * Counts the Kafka frames ({@code int32 size} then {@code size} bytes) in a byte stream fed in arbitrary chunks,
 * looking only at the size fields. Lets a transport know how many requests are awaiting a response without
 * parsing them.
 */
final class FrameCounter {
    private int sizeBytesSeen;
    private int size;
    private long bodyRemaining;
    private long frames;

    /** Feeds the bytes of {@code buffer} between the two absolute positions. */
    void feed(ByteBuffer buffer, int from, int to) {
        int i = from;
        while (i < to) {
            if (bodyRemaining > 0) {
                int skip = (int) Math.min(bodyRemaining, to - i);
                bodyRemaining -= skip;
                i += skip;
                if (bodyRemaining == 0) {
                    frames++;
                }
                continue;
            }
            size = (size << 8) | (buffer.get(i++) & 0xff);
            if (++sizeBytesSeen == 4) {
                bodyRemaining = size;
                sizeBytesSeen = 0;
                size = 0;
                if (bodyRemaining == 0) {
                    frames++;
                }
            }
        }
    }

    /** Whole frames seen. */
    long frames() {
        return frames;
    }

    /** Whether the stream is between two frames. */
    boolean atBoundary() {
        return sizeBytesSeen == 0 && bodyRemaining == 0;
    }
}
