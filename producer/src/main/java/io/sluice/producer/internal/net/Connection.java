package io.sluice.producer.internal.net;

import io.sluice.protocol.message.ApiVersionsResponse;
import io.sluice.protocol.types.ByteWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;

/**
 * One connection to one broker, owned by the I/O thread.
 *
 * <pre>
 *  CONNECTING --finishConnect--> HANDSHAKING --transport ready--> NEGOTIATING --ApiVersions--> READY
 *       \___________________________\__________________________________\__________________\--> CLOSED
 * </pre>
 *
 * <p>Outbound frames are encoded straight into {@link #out}, one reused buffer; {@link #written} counts
 * the bytes of it already on the socket. When everything is written the buffer is rewound, and when half of
 * it is bytes already written they are dropped from the front, so a busy connection keeps one array of about
 * twice its largest burst and allocates nothing per request. Inbound frames are
 * read into the {@link FrameReader}'s reused buffer.
 *
 * <p>{@link #inFlight} holds requests in send order. Kafka answers requests of one connection in order,
 * so the response to read next always belongs to the first request there that expects one.
 */
final class Connection {
    enum State {
        CONNECTING,
        HANDSHAKING,
        NEGOTIATING,
        READY,
        CLOSED
    }

    final BrokerEndpoint endpoint;
    final Transport transport;
    final SelectionKey key;
    final ByteWriter out = new ByteWriter(1024);
    final FrameReader in;
    final ArrayDeque<InFlightRequest> inFlight = new ArrayDeque<>();
    final long connectStartedMs;
    final long setupTimeoutMs;
    State state = State.CONNECTING;
    int written;
    long lastActivityMs;
    ApiVersionsResponse apiVersions;

    Connection(
            BrokerEndpoint endpoint,
            Transport transport,
            SelectionKey key,
            int maxFrameBytes,
            long nowMs,
            long setupTimeoutMs) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.key = key;
        this.in = new FrameReader(1024, maxFrameBytes);
        this.connectStartedMs = nowMs;
        this.lastActivityMs = nowMs;
        this.setupTimeoutMs = setupTimeoutMs;
    }

    boolean hasPendingWrites() {
        return written < out.position() || transport.hasBufferedWrites();
    }

    /** Number of requests that count against {@code max.in.flight.requests.per.connection}. */
    int inFlightCount() {
        return inFlight.size();
    }

    /**
     * Writes as much of the outbound buffer as the socket takes. Requests whose frames are now fully on the
     * wire are marked written; those that expect no response are removed and returned through {@code sink}.
     */
    void flush(long nowMs, ArrayDeque<InFlightRequest> writtenWithoutResponse) throws IOException {
        int end = out.position();
        if (written < end) {
            ByteBuffer view = ByteBuffer.wrap(out.array(), written, end - written);
            int n = transport.write(view);
            if (n > 0) {
                written += n;
                lastActivityMs = nowMs;
            }
        }
        for (InFlightRequest r : inFlight) {
            if (!r.written && r.frameEnd <= written) {
                r.written = true;
                if (!r.expectResponse) {
                    writtenWithoutResponse.add(r);
                }
            }
        }
        for (InFlightRequest r : writtenWithoutResponse) {
            inFlight.remove(r);
        }
        if (written == out.position()) {
            // Everything is on the wire: rewind, so frame offsets start again from zero.
            out.reset();
            written = 0;
        } else if (written >= out.capacity() / 2) {
            dropWrittenPrefix();
        }
        updateInterest();
    }

    /**
     * Moves the bytes not yet on the socket to the front of the buffer. A connection under steady load may never
     * write everything out at once (the next request is queued before the last one is done), so without this the
     * bytes already written would pile up in front and the buffer would grow without bound. Compacting once half of
     * it is dead keeps it within about twice the bytes in flight, and copies each byte at most once more.
     */
    private void dropWrittenPrefix() {
        int live = out.position() - written;
        System.arraycopy(out.array(), written, out.array(), 0, live);
        for (InFlightRequest r : inFlight) {
            if (!r.written) {
                r.frameEnd -= written;
            }
        }
        out.position(live);
        written = 0;
    }

    /** The first request still waiting for a response, or null. */
    InFlightRequest nextAwaitingResponse() {
        for (InFlightRequest r : inFlight) {
            if (r.expectResponse) {
                return r;
            }
        }
        return null;
    }

    void updateInterest() {
        if (!key.isValid()) {
            return;
        }
        int ops;
        if (state == State.CONNECTING) {
            ops = SelectionKey.OP_CONNECT;
        } else {
            ops = SelectionKey.OP_READ;
            if (hasPendingWrites()) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    void close() {
        state = State.CLOSED;
        key.cancel();
        try {
            transport.close();
        } catch (IOException ignored) {
            // Closing a broken socket may fail; the connection is gone either way.
        }
    }
}
