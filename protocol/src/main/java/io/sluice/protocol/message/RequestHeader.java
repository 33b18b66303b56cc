package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.ProtocolException;

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

    /**
     * A request header as read by a broker.
     *
     * @param apiKey the API, or null if this library does not speak it
     * @param apiKeyId the API key on the wire
     * @param apiVersion the request's version
     * @param correlationId the id the response must carry
     * @param clientId the client id, or null
     */
    public record Parsed(ApiKey apiKey, short apiKeyId, short apiVersion, int correlationId, String clientId) {}

    /**
     * Reads a request header the way a broker does (the frame's size prefix already consumed), leaving the
     * reader at the body; for fake brokers in tests. Tagged fields are skipped when the API is known and the
     * version flexible.
     */
    public static Parsed read(ByteReader r) {
        short keyId = r.readShort();
        short version = r.readShort();
        int correlationId = r.readInt();
        String clientId = r.readNullableString("client_id");
        ApiKey key = ApiKey.forId(keyId);
        if (key != null && key.isFlexible(version)) {
            r.skipTaggedFields();
        }
        if (version < 0) {
            throw new ProtocolException("negative api version " + version);
        }
        return new Parsed(key, keyId, version, correlationId, clientId);
    }
}
