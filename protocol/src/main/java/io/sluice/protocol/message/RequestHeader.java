package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteWriter;

/**
 * Request header v1 and v2.
 *
 * <pre>
 * v1: api_key int16 | api_version int16 | correlation_id int32 | client_id NULLABLE_STRING (int16 length)
 * v2: v1 followed by an (empty) tagged-field section
 * </pre>
 *
 * The client id keeps its int16 length even in v2, so a broker can read it before it knows whether the
 * request is flexible.
 */
public final class RequestHeader {
    private RequestHeader() {}

    /** Appends the header for {@code key} at {@code version}, picking header v1 or v2 from the version. */
    public static void write(ByteWriter w, ApiKey key, short version, int correlationId, String clientId) {
        w.writeShort(key.id());
        w.writeShort(version);
        w.writeInt(correlationId);
        w.writeNullableString(clientId);
        w.writeTaggedFieldsEnd(key.requestHeaderVersion(version) >= 2);
    }

    /**
     * Appends a whole frame: int32 size, header, body. The size is back-patched once the body is written,
     * so the request is encoded in one pass into {@code w}. Returns the frame's offset in {@code w}.
     */
    public static int writeFrame(ByteWriter w, Request request, short version, int correlationId, String clientId) {
        request.apiKey().checkVersion(version);
        int start = w.skip(4);
        write(w, request.apiKey(), version, correlationId, clientId);
        request.write(w, version);
        w.putInt(start, w.position() - start - 4);
        return start;
    }
}
