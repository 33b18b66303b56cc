package io.sluice.producer.internal.net;

import io.sluice.protocol.types.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads length-prefixed frames ({@code int32 size} then {@code size} bytes) from a transport into one
 * reused buffer.
 *
 * <pre>
 * +--------+---------------------------+
 * | size:4 | size bytes of payload     |
 * +--------+---------------------------+
 * </pre>
 *
 * <p>Invariant: the body buffer is owned by this reader; a completed frame stays valid until {@link
 * #next()} is called, after which the same memory is read into again. A size below zero or above the
 * limit is a protocol error raised before anything is allocated.
 */
final class FrameReader {
    private final ByteBuffer sizeBuf = ByteBuffer.allocate(4);
    private final int maxFrameBytes;
    private ByteBuffer body = ByteBuffer.allocate(0);
    private boolean readingBody;
    private boolean complete;

    FrameReader(int initialCapacity, int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        this.body = ByteBuffer.allocate(initialCapacity);
        this.body.limit(0);
    }

    /**
     * Reads what is available towards the current frame.
     *
     * @return true when a whole frame is ready in {@link #frame()}
     * @throws EOFException when the peer closed the connection
     */
    boolean readFrom(Transport transport) throws IOException {
        if (complete) {
            return true;
        }
        if (!readingBody) {
            if (transport.read(sizeBuf) < 0) {
                throw new EOFException("connection closed by peer");
            }
            if (sizeBuf.hasRemaining()) {
                return false;
            }
            int size = sizeBuf.getInt(0);
            if (size < 0 || size > maxFrameBytes) {
                throw new ProtocolException("frame size " + size + " outside 0.." + maxFrameBytes);
            }
            if (body.capacity() < size) {
                // Grow geometrically so a connection settles on its largest frame after a few reads.
                int doubled = (int) Math.min((long) body.capacity() * 2, maxFrameBytes);
                body = ByteBuffer.allocate(Math.max(size, doubled));
            }
            body.clear().limit(size);
            readingBody = true;
        }
        if (body.hasRemaining() && transport.read(body) < 0) {
            throw new EOFException("connection closed by peer mid-frame");
        }
        if (body.hasRemaining()) {
            return false;
        }
        body.flip();
        complete = true;
        return true;
    }

    /** The completed frame's payload, positioned at its start; valid until {@link #next()}. */
    ByteBuffer frame() {
        return body;
    }

    /** Releases the current frame so the next one can be read into the same memory. */
    void next() {
        sizeBuf.clear();
        readingBody = false;
        complete = false;
    }
}
