package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.ProtocolException;

/**
 * SaslAuthenticate request (key 36), versions 0-2; flexible from v2.
 *
 * <pre>
 * auth_bytes BYTES | tagged fields (v2+)
 * </pre>
 *
 * @param authBytes the SASL token the mechanism produced
 */
public record SaslAuthenticateRequest(byte[] authBytes) implements Request {
    @Override
    public ApiKey apiKey() {
        return ApiKey.SASL_AUTHENTICATE;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.SASL_AUTHENTICATE.checkVersion(version);
        boolean flexible = ApiKey.SASL_AUTHENTICATE.isFlexible(version);
        if (authBytes == null) {
            throw new IllegalArgumentException("auth_bytes is not nullable");
        }
        w.writeNullableBytes(authBytes, flexible);
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Compares the token by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SaslAuthenticateRequest other && java.util.Arrays.equals(authBytes, other.authBytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(authBytes);
    }

    /** Never shows the token, which may hold a password. */
    @Override
    public String toString() {
        return "SaslAuthenticateRequest[" + (authBytes == null ? "null" : authBytes.length + " bytes") + "]";
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static SaslAuthenticateRequest read(ByteReader r, short version) {
        ApiKey.SASL_AUTHENTICATE.checkVersion(version);
        boolean flexible = ApiKey.SASL_AUTHENTICATE.isFlexible(version);
        byte[] authBytes = r.readNullableBytes(flexible, "auth_bytes");
        if (authBytes == null) {
            throw new ProtocolException("non-nullable auth_bytes is null");
        }
        r.skipTaggedFields(flexible);
        return new SaslAuthenticateRequest(authBytes);
    }
}
