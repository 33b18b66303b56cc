package io.sluice.producer.internal.net;

import io.sluice.protocol.message.ApiKey;

/**
 * One request queued on or sent over a connection and not yet answered.
 *
 * <p>{@code frameEnd} is the logical offset in the connection's outbound stream just past this request's frame
 * (see {@link OutboundFrames}); once that many bytes have been written the request is on the wire.
 */
final class InFlightRequest {
    final int correlationId;
    final ApiKey apiKey;
    final short version;
    final boolean expectResponse;
    final ResponseHandler handler;
    final long createdMs;
    final long deadlineMs;
    final long frameEnd;
    boolean written;

    InFlightRequest(
            int correlationId,
            ApiKey apiKey,
            short version,
            boolean expectResponse,
            ResponseHandler handler,
            long createdMs,
            long deadlineMs,
            long frameEnd) {
        this.correlationId = correlationId;
        this.apiKey = apiKey;
        this.version = version;
        this.expectResponse = expectResponse;
        this.handler = handler;
        this.createdMs = createdMs;
        this.deadlineMs = deadlineMs;
        this.frameEnd = frameEnd;
    }
}
