package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.ProtocolException;

/**
 * SaslAuthenticate response (key 36), versions 0-2; flexible from v2.
 *
 * <pre>
 * error_code int16 | error_message NULLABLE_STRING | auth_bytes BYTES
 * session_lifetime_ms int64       (v1+)
 * tagged fields                   (v2+)
 * </pre>
 *
 * @param errorCode the error, e.g. SASL_AUTHENTICATION_FAILED
 * @param errorMessage the broker's explanation, or null
 * @param authBytes the SASL token from the broker
 * @param sessionLifetimeMs how long the session lives before re-authentication (v1+), 0 for no limit
 */
public record SaslAuthenticateResponse(short errorCode, String errorMessage, byte[] authBytes, long sessionLifetimeMs)
        implements Response {

    /** The error as an enum. */
    public Errors error() {
        return Errors.forCode(errorCode);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SASL_AUTHENTICATE;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.SASL_AUTHENTICATE.checkVersion(version);
        boolean flexible = ApiKey.SASL_AUTHENTICATE.isFlexible(version);
        w.writeShort(errorCode);
        w.writeNullableString(errorMessage, flexible);
        w.writeNullableBytes(authBytes, flexible);
        if (version >= 1) {
            w.writeLong(sessionLifetimeMs);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a response at {@code version}. */
    public static SaslAuthenticateResponse read(ByteReader r, short version) {
        ApiKey.SASL_AUTHENTICATE.checkVersion(version);
        boolean flexible = ApiKey.SASL_AUTHENTICATE.isFlexible(version);
        short errorCode = r.readShort();
        String errorMessage = r.readNullableString(flexible, "error_message");
        byte[] authBytes = r.readNullableBytes(flexible, "auth_bytes");
        if (authBytes == null) {
            throw new ProtocolException("non-nullable auth_bytes is null");
        }
        long sessionLifetimeMs = version >= 1 ? r.readLong() : 0L;
        r.skipTaggedFields(flexible);
        return new SaslAuthenticateResponse(errorCode, errorMessage, authBytes, sessionLifetimeMs);
    }

    /** Compares the token by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SaslAuthenticateResponse other
                && errorCode == other.errorCode
                && java.util.Objects.equals(errorMessage, other.errorMessage)
                && java.util.Arrays.equals(authBytes, other.authBytes)
                && sessionLifetimeMs == other.sessionLifetimeMs;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(errorCode, errorMessage, java.util.Arrays.hashCode(authBytes), sessionLifetimeMs);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "SaslAuthenticateResponse[errorCode=" + errorCode + ", errorMessage=" + errorMessage + ", authBytes="
                + authBytes.length + " bytes, sessionLifetimeMs=" + sessionLifetimeMs + "]";
    }
}
