package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

/**
 * InitProducerId response (key 22), versions 0-5; flexible from v2.
 *
 * <pre>
 * throttle_time_ms int32 | error_code int16 | producer_id int64 | producer_epoch int16 | tagged fields (v2+)
 * </pre>
 *
 * @param throttleTimeMs quota throttle
 * @param errorCode the error, 0 on success
 * @param producerId the producer id granted
 * @param producerEpoch the epoch granted
 */
public record InitProducerIdResponse(int throttleTimeMs, short errorCode, long producerId, short producerEpoch)
        implements Response {

    /** The error as an enum. */
    public Errors error() {
        return Errors.forCode(errorCode);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.INIT_PRODUCER_ID.checkVersion(version);
        boolean flexible = ApiKey.INIT_PRODUCER_ID.isFlexible(version);
        w.writeInt(throttleTimeMs);
        w.writeShort(errorCode);
        w.writeLong(producerId);
        w.writeShort(producerEpoch);
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a response at {@code version}. */
    public static InitProducerIdResponse read(ByteReader r, short version) {
        ApiKey.INIT_PRODUCER_ID.checkVersion(version);
        InitProducerIdResponse response =
                new InitProducerIdResponse(r.readInt(), r.readShort(), r.readLong(), r.readShort());
        r.skipTaggedFields(ApiKey.INIT_PRODUCER_ID.isFlexible(version));
        return response;
    }
}
