package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

/**
 * AddOffsetsToTxn response (key 25), versions 0-4; flexible from v3.
 *
 * <pre>
 * throttle_time_ms int32 | error_code int16 | tagged fields (v3+)
 * </pre>
 *
 * @param throttleTimeMs quota throttle
 * @param errorCode the error, 0 on success
 */
public record AddOffsetsToTxnResponse(int throttleTimeMs, short errorCode) implements Response {

    /** The error as an enum. */
    public Errors error() {
        return Errors.forCode(errorCode);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.ADD_OFFSETS_TO_TXN.checkVersion(version);
        boolean flexible = ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version);
        w.writeInt(throttleTimeMs);
        w.writeShort(errorCode);
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a response at {@code version}. */
    public static AddOffsetsToTxnResponse read(ByteReader r, short version) {
        ApiKey.ADD_OFFSETS_TO_TXN.checkVersion(version);
        AddOffsetsToTxnResponse response = new AddOffsetsToTxnResponse(r.readInt(), r.readShort());
        r.skipTaggedFields(ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version));
        return response;
    }
}
