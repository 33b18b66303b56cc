package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

/**
 * SaslHandshake request (key 17), versions 0-1. Version 1 means the SASL tokens that follow travel inside
 * SaslAuthenticate requests rather than as raw frames.
 *
 * <pre>
 * mechanism STRING
 * </pre>
 *
 * @param mechanism the SASL mechanism, e.g. {@code PLAIN} or {@code SCRAM-SHA-512}
 */
public record SaslHandshakeRequest(String mechanism) implements Request {
    @Override
    public ApiKey apiKey() {
        return ApiKey.SASL_HANDSHAKE;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.SASL_HANDSHAKE.checkVersion(version);
        w.writeString(mechanism);
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static SaslHandshakeRequest read(ByteReader r, short version) {
        ApiKey.SASL_HANDSHAKE.checkVersion(version);
        boolean flexible = ApiKey.SASL_HANDSHAKE.isFlexible(version);
        return new SaslHandshakeRequest(r.readString(flexible, "mechanism"));
    }
}
