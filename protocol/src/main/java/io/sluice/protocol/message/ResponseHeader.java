package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;

/**
 * Response header v0 and v1.
 *
 * <pre>
 * v0: correlation_id int32
 * v1: correlation_id int32 | tagged fields
 * </pre>
 */
public final class ResponseHeader {
    private ResponseHeader() {}

    /**
     * Reads the header of a response to {@code key} at {@code version} (the frame's size prefix already
     * consumed), skipping its tagged fields where the header is v1, and returns the correlation id. The
     * reader is left at the start of the body.
     */
    public static int readCorrelationId(ByteReader r, ApiKey key, short version) {
        int correlationId = r.readInt();
        r.skipTaggedFields(key.responseHeaderVersion(version) >= 1);
        return correlationId;
    }
}
