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
 * limit is a protocol error raised before anything is allocated. A size within the limit is still only a
 * claim: the buffer grows with the bytes that actually arrive (doubling, from {@link #FIRST_GROWTH} at
 * most), so a corrupt or hostile prefix that claims hundreds of megabytes and sends a few bytes costs a
 * few bytes, not the claim.
 */
final class FrameReader {
    /** The most a frame larger than the buffer gets before any of its body has arrived. */
    static final int FIRST_GROWTH = 64 * 1024;

    private final ByteBuffer sizeBuf = ByteBuffer.allocate(4);
    private final int maxFrameBytes;
    private ByteBuffer body = ByteBuffer.allocate(0);
    private int frameSize;
    private boolean readingBody;
    private boolean complete;
    /** Reads that moved bytes since {@link #takeReads()} last ran, for {@code network-io}. */
    private int reads;

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
            int got = transport.read(sizeBuf);
            if (got < 0) {
                throw new EOFException("connection closed by peer");
            }
            if (got > 0) {
                reads++;
            }
            if (sizeBuf.hasRemaining()) {
                return false;
            }
            int size = sizeBuf.getInt(0);
            if (size < 0 || size > maxFrameBytes) {
                throw new ProtocolException("frame size " + size + " outside 0.." + maxFrameBytes);
            }
            frameSize = size;
            if (body.capacity() < size) {
                body = ByteBuffer.allocate((int) Math.min(size, Math.max((long) body.capacity() * 2, FIRST_GROWTH)));
            }
            body.clear().limit(Math.min(size, body.capacity()));
            readingBody = true;
        }
        while (body.position() < frameSize) {
            if (!body.hasRemaining()) {
                grow();
            }
            int n = transport.read(body);
            if (n < 0) {
                throw new EOFException("connection closed by peer mid-frame, after " + body.position() + " of "
                        + frameSize + " bytes");
            }
            if (n == 0) {
                return false;
            }
            reads++;
        }
        body.flip();
        complete = true;
        return true;
    }

    /** Doubles the body buffer (never past the frame's size) once the bytes received so far fill it. */
    private void grow() {
        int capacity = (int) Math.min(frameSize, (long) body.capacity() * 2);
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        body.flip();
        bigger.put(body);
        bigger.limit(Math.min(frameSize, capacity));
        body = bigger;
    }

    /** The number of reads that moved bytes since the last call. */
    int takeReads() {
        int n = reads;
        reads = 0;
        return n;
    }

    /** The buffer's current size, for tests that check what a frame's claim made it allocate. */
    int capacity() {
        return body.capacity();
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
