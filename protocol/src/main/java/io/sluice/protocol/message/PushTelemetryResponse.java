package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

/**
 * PushTelemetry response (key 72, KIP-714), version 0; flexible from v0.
 *
 * <pre>
 * throttle_time_ms int32 | error_code int16 | tagged fields
 * </pre>
 *
 * @param throttleTimeMs quota throttle
 * @param errorCode the error, 0 on success; UNKNOWN_SUBSCRIPTION_ID asks the client to subscribe again
 */
public record PushTelemetryResponse(int throttleTimeMs, short errorCode) implements Response {

    /** The error as an enum. */
    public Errors error() {
        return Errors.forCode(errorCode);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PUSH_TELEMETRY;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.PUSH_TELEMETRY.checkVersion(version);
        w.writeInt(throttleTimeMs);
        w.writeShort(errorCode);
        w.writeTaggedFieldsEnd(true);
    }

    /** Decodes a response at {@code version}. */
    public static PushTelemetryResponse read(ByteReader r, short version) {
        ApiKey.PUSH_TELEMETRY.checkVersion(version);
        PushTelemetryResponse response = new PushTelemetryResponse(r.readInt(), r.readShort());
        r.skipTaggedFields(true);
        return response;
    }
}
