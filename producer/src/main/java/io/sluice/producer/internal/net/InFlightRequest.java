package io.sluice.producer.internal.net;

import io.sluice.protocol.message.ApiKey;

/**
 * One request queued on or sent over a connection and not yet answered.
 *
 * <p>{@code frameEnd} is the offset in the connection's outbound buffer just past this request's frame;
 * once the buffer has been written that far the request is on the wire.
 */
final class InFlightRequest {
    final int correlationId;
    final ApiKey apiKey;
    final short version;
    final boolean expectResponse;
    final ResponseHandler handler;
    final long createdMs;
    final long deadlineMs;
    int frameEnd;
    boolean written;

    InFlightRequest(
            int correlationId,
            ApiKey apiKey,
            short version,
            boolean expectResponse,
            ResponseHandler handler,
            long createdMs,
            long deadlineMs,
            int frameEnd) {
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
