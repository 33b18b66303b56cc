package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

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

    /** Appends the header of a response to {@code key} at {@code version}, as a broker would. */
    public static void write(ByteWriter w, ApiKey key, short version, int correlationId) {
        w.writeInt(correlationId);
        w.writeTaggedFieldsEnd(key.responseHeaderVersion(version) >= 1);
    }

    /**
     * Appends a whole response frame (int32 size, header, body), back-patching the size; for fake brokers in
     * tests. Returns the frame's offset in {@code w}.
     */
    public static int writeFrame(ByteWriter w, Response response, short version, int correlationId) {
        int start = w.skip(4);
        write(w, response.apiKey(), version, correlationId);
        response.write(w, version);
        w.putInt(start, w.position() - start - 4);
        return start;
    }
}
