package io.sluice.producer.internal.net;

import io.sluice.protocol.types.ByteWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The frames a connection has queued and not yet written, sent with gathering writes.
 *
 * <p>Request headers and small fields are encoded into {@link #writer()}, one reused array. Record batches (any
 * {@code ByteBuffer} of at least {@link #SPLICE_THRESHOLD} bytes) are not copied into it: the writer hands them to
 * {@link #splice}, which remembers where in the array they belong, and {@link #writeTo} gives the socket the array's
 * pieces and the batch buffers in order, in one call. So a batch travels from its pool buffer to the socket without
 * a copy, and the array stays as small as the headers of the requests in flight.
 *
 * <pre>
 *   array:   [size|header|topic..|len]          [tagged|len]          [tagged..]
 *   splices:                          batch A                batch B
 *   wire:    [size|header|topic..|len][batch A ][tagged|len][batch B ][tagged..]
 * </pre>
 *
 * <p>A spliced buffer must not change or be reused until its bytes are written: the sender only gives a batch's
 * memory back once the broker answered (so the whole request was written), the connection closed, or, for a
 * batch that expires in flight, without putting the buffer back in the pool.
 *
 * <p>Progress is counted in logical bytes (array bytes plus spliced bytes) from the connection's start, so a
 * request knows it is on the wire once {@link #logicalWritten()} reaches the end {@link #endFrame()} gave it,
 * however often the array was rewound or compacted in between. I/O thread only.
 */
final class OutboundFrames implements ByteWriter.Splicer {
    /** Buffers at least this large are written from where they are; smaller ones are cheaper to copy. */
    static final int SPLICE_THRESHOLD = 1024;

    /** At most this many pieces per gathering write (Linux takes up to 1024). */
    private static final int MAX_PIECES = 128;

    private final ByteWriter out = new ByteWriter(1024);

    /** Array bytes already written. */
    private int written;

    // Spliced buffers in order; those before firstPending are written. at[i] is the array offset they precede.
    private ByteBuffer[] spliced = new ByteBuffer[8];
    private int[] splicedAt = new int[8];
    private int firstPending;
    private int spliceCount;
    private long splicedBytes;

    private long logicalQueued;
    private long logicalWritten;

    // The frame being encoded.
    private int frameStart = -1;
    /** The size of the frame ended last, its size field included, for the request metrics. */
    private int lastFrameBytes;

    private int frameFirstSplice;
    private long frameSplicedBytes;

    // Reused pieces of one gathering write: views of the array, and per piece where it started.
    private final ByteBuffer[] views = new ByteBuffer[MAX_PIECES / 2 + 1];
    private final ByteBuffer[] pieces = new ByteBuffer[MAX_PIECES];
    private final int[] pieceStart = new int[MAX_PIECES];
    private final boolean[] pieceIsView = new boolean[MAX_PIECES];
    private boolean piecesCoverAll;
    /** Write calls that moved bytes since {@link #takeWrites()} last ran, for {@code network-io}. */
    private int writes;

    /**
     * @param splice whether large buffers are spliced in rather than copied: only worth it when the transport
     *     takes all the pieces in one call ({@link Transport#gathersWrites()})
     */
    OutboundFrames(boolean splice) {
        if (splice) {
            out.spliceBuffersOfAtLeast(SPLICE_THRESHOLD, this);
        }
    }

    /** The writer a frame's header and body are encoded into, between {@link #beginFrame} and {@link #endFrame}. */
    ByteWriter writer() {
        return out;
    }

    /** Starts a frame: reserves its size prefix. */
    void beginFrame() {
        frameStart = out.skip(4);
        frameFirstSplice = spliceCount;
        frameSplicedBytes = splicedBytes;
    }

    /** Ends the frame begun last: writes its size; returns the logical offset just past it. */
    long endFrame() {
        long size = out.position() - frameStart - 4 + (splicedBytes - frameSplicedBytes);
        if (size > Integer.MAX_VALUE) {
            abandonFrame();
            throw new IllegalArgumentException("request of " + size + " bytes is larger than a frame can be");
        }
        out.putInt(frameStart, (int) size);
        frameStart = -1;
        lastFrameBytes = (int) size + 4;
        logicalQueued += size + 4;
        return logicalQueued;
    }

    /** The size of the frame ended last, its 4-byte size field included. */
    int lastFrameBytes() {
        return lastFrameBytes;
    }

    /** Drops the frame begun last, as if it had never been started (its encoding failed). */
    void abandonFrame() {
        out.position(frameStart);
        Arrays.fill(spliced, frameFirstSplice, spliceCount, null);
        spliceCount = frameFirstSplice;
        splicedBytes = frameSplicedBytes;
        frameStart = -1;
    }

    @Override
    public void splice(int at, ByteBuffer src) {
        if (spliceCount == spliced.length) {
            spliced = Arrays.copyOf(spliced, spliced.length * 2);
            splicedAt = Arrays.copyOf(splicedAt, splicedAt.length * 2);
        }
        spliced[spliceCount] = src.duplicate();
        splicedAt[spliceCount] = at;
        spliceCount++;
        splicedBytes += src.remaining();
    }

    /** Whether queued bytes are not yet written. */
    boolean hasPending() {
        return written < out.position() || firstPending < spliceCount;
    }

    /** Queued bytes not yet written: array and spliced. */
    long pendingBytes() {
        return logicalQueued - logicalWritten;
    }

    /** Logical bytes written since the connection started. */
    long logicalWritten() {
        return logicalWritten;
    }

    /** The number of write calls that moved bytes since the last call. */
    int takeWrites() {
        int n = writes;
        writes = 0;
        return n;
    }

    /** Size of the array the headers are encoded into. */
    int arrayCapacity() {
        return out.capacity();
    }

    /**
     * Writes as much as the transport takes, in gathering writes of up to {@link #MAX_PIECES} pieces; returns
     * whether any byte was written.
     */
    boolean writeTo(Transport transport) throws IOException {
        long before = logicalWritten;
        while (hasPending()) {
            int n = collectPieces();
            long taken = logicalWritten;
            transport.write(pieces, 0, n);
            boolean allTaken = account(n);
            if (logicalWritten > taken) {
                writes++;
            }
            Arrays.fill(pieces, 0, n, null);
            if (!allTaken || piecesCoverAll) {
                break;
            }
        }
        if (!hasPending()) {
            // Everything is on the wire: rewind, so the array starts again from zero.
            out.reset();
            written = 0;
            Arrays.fill(spliced, 0, spliceCount, null);
            firstPending = 0;
            spliceCount = 0;
        } else if (written >= out.capacity() / 2) {
            dropWrittenPrefix();
        }
        return logicalWritten > before;
    }

    /** Lays out the next pieces to write, in wire order: array ranges between the pending splices. */
    private int collectPieces() {
        int end = out.position();
        int n = 0;
        int views = 0;
        int at = written;
        int k = firstPending;
        while (k < spliceCount && n < MAX_PIECES - 2) {
            int spliceAt = splicedAt[k];
            if (at < spliceAt) {
                addView(n++, views++, at, spliceAt);
                at = spliceAt;
            }
            pieces[n] = spliced[k];
            pieceStart[n] = spliced[k].position();
            pieceIsView[n] = false;
            n++;
            k++;
        }
        piecesCoverAll = k == spliceCount;
        if (piecesCoverAll && at < end) {
            addView(n++, views, at, end);
        }
        return n;
    }

    private void addView(int piece, int view, int from, int to) {
        ByteBuffer v = views[view];
        if (v == null || v.array() != out.array()) {
            // The array grew since this view was made.
            v = ByteBuffer.wrap(out.array());
            views[view] = v;
        }
        v.limit(to).position(from);
        pieces[piece] = v;
        pieceStart[piece] = from;
        pieceIsView[piece] = true;
    }

    /** Counts what the transport took of the first {@code n} pieces; returns whether it took them all. */
    private boolean account(int n) {
        for (int i = 0; i < n; i++) {
            ByteBuffer piece = pieces[i];
            int moved = piece.position() - pieceStart[i];
            logicalWritten += moved;
            if (pieceIsView[i]) {
                written += moved;
            }
            if (piece.hasRemaining()) {
                return false;
            }
            if (!pieceIsView[i]) {
                spliced[firstPending++] = null;
            }
        }
        return true;
    }

    /**
     * Moves the array bytes not yet written to its front. A connection under steady load may never write
     * everything out at once (the next request is queued before the last one is done), so without this the bytes
     * already written would pile up in front and the array would grow without bound. Compacting once half of it is
     * dead keeps it within about twice the header bytes in flight, and copies each byte at most once more.
     */
    private void dropWrittenPrefix() {
        int live = out.position() - written;
        System.arraycopy(out.array(), written, out.array(), 0, live);
        int pending = spliceCount - firstPending;
        for (int i = 0; i < pending; i++) {
            spliced[i] = spliced[firstPending + i];
            splicedAt[i] = splicedAt[firstPending + i] - written;
        }
        Arrays.fill(spliced, pending, spliceCount, null);
        firstPending = 0;
        spliceCount = pending;
        out.position(live);
        written = 0;
    }
}
