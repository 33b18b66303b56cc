package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.util.List;

/**
 * SaslHandshake response (key 17), versions 0-1.
 *
 * <pre>
 * error_code int16 | mechanisms [STRING]
 * </pre>
 *
 * @param errorCode the error, e.g. UNSUPPORTED_SASL_MECHANISM
 * @param mechanisms the mechanisms the broker enables
 */
public record SaslHandshakeResponse(short errorCode, List<String> mechanisms) implements Response {

    /** The error as an enum. */
    public Errors error() {
        return Errors.forCode(errorCode);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SASL_HANDSHAKE;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.SASL_HANDSHAKE.checkVersion(version);
        boolean flexible = ApiKey.SASL_HANDSHAKE.isFlexible(version);
        w.writeShort(errorCode);
        w.writeArrayLength(mechanisms.size(), flexible);
        for (String mechanism : mechanisms) {
            w.writeString(mechanism, flexible);
        }
    }

    /** Decodes a response at {@code version}. */
    public static SaslHandshakeResponse read(ByteReader r, short version) {
        ApiKey.SASL_HANDSHAKE.checkVersion(version);
        return new SaslHandshakeResponse(r.readShort(), r.readStringArray(false, "mechanisms"));
    }
}
