package io.sluice.producer.internal.net;

import io.sluice.protocol.message.ApiVersionsResponse;
import java.io.IOException;
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
 * <p>Outbound frames are queued in {@link #outbound}: headers encoded into one reused array, record batches
 * written to the socket straight from their own buffers with gathering writes where the transport gathers (see
 * {@link OutboundFrames}), else copied into the array too.
 * Inbound frames are read into the {@link FrameReader}'s reused buffer.
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
    final OutboundFrames outbound;
    final FrameReader in;
    final ArrayDeque<InFlightRequest> inFlight = new ArrayDeque<>();
    final long connectStartedMs;
    final long setupTimeoutMs;
    State state = State.CONNECTING;
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
        this.outbound = new OutboundFrames(transport.gathersWrites());
        this.connectStartedMs = nowMs;
        this.lastActivityMs = nowMs;
        this.setupTimeoutMs = setupTimeoutMs;
    }

    boolean hasPendingWrites() {
        return outbound.hasPending() || transport.hasBufferedWrites();
    }

    /** Number of requests that count against {@code max.in.flight.requests.per.connection}. */
    int inFlightCount() {
        return inFlight.size();
    }

    /**
     * Writes as much of the queued frames as the socket takes. Requests whose frames are now fully on the wire are
     * marked written; those that expect no response are removed and returned through {@code
     * writtenWithoutResponse}.
     */
    void flush(long nowMs, ArrayDeque<InFlightRequest> writtenWithoutResponse) throws IOException {
        if (outbound.writeTo(transport)) {
            lastActivityMs = nowMs;
        }
        long done = outbound.logicalWritten();
        for (InFlightRequest r : inFlight) {
            if (!r.written && r.frameEnd <= done) {
                r.written = true;
                if (!r.expectResponse) {
                    writtenWithoutResponse.add(r);
                }
            }
        }
        for (InFlightRequest r : writtenWithoutResponse) {
            inFlight.remove(r);
        }
        updateInterest();
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
