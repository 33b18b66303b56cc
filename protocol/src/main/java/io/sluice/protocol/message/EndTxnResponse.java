package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

/**
 * EndTxn response (key 26), versions 0-5; flexible from v3.
 *
 * <pre>
 * throttle_time_ms int32 | error_code int16
 * producer_id int64 | producer_epoch int16     (v5+)
 * tagged fields                                (v3+)
 * </pre>
 *
 * <p>Under transactions v2 (KIP-890) the coordinator bumps the epoch at every transaction end and returns the
 * producer id and epoch to use next; before v5 they are -1.
 *
 * @param throttleTimeMs quota throttle
 * @param errorCode the error, 0 on success
 * @param producerId the producer id to use next (v5+), else -1
 * @param producerEpoch the epoch to use next (v5+), else -1
 */
public record EndTxnResponse(int throttleTimeMs, short errorCode, long producerId, short producerEpoch)
        implements Response {

    /** The error as an enum. */
    public Errors error() {
        return Errors.forCode(errorCode);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.END_TXN;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.END_TXN.checkVersion(version);
        boolean flexible = ApiKey.END_TXN.isFlexible(version);
        w.writeInt(throttleTimeMs);
        w.writeShort(errorCode);
        if (version >= 5) {
            w.writeLong(producerId);
            w.writeShort(producerEpoch);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a response at {@code version}. */
    public static EndTxnResponse read(ByteReader r, short version) {
        ApiKey.END_TXN.checkVersion(version);
        int throttleTimeMs = r.readInt();
        short errorCode = r.readShort();
        long producerId = -1L;
        short producerEpoch = -1;
        if (version >= 5) {
            producerId = r.readLong();
            producerEpoch = r.readShort();
        }
        r.skipTaggedFields(ApiKey.END_TXN.isFlexible(version));
        return new EndTxnResponse(throttleTimeMs, errorCode, producerId, producerEpoch);
    }
}
