package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

/**
 * EndTxn request (key 26), versions 0-5; flexible from v3.
 *
 * <pre>
 * transactional_id STRING | producer_id int64 | producer_epoch int16 | committed bool | tagged fields (v3+)
 * </pre>
 *
 * @param transactionalId the transaction
 * @param producerId its producer id
 * @param producerEpoch its producer epoch
 * @param committed true to commit, false to abort
 */
public record EndTxnRequest(String transactionalId, long producerId, short producerEpoch, boolean committed)
        implements Request {

    @Override
    public ApiKey apiKey() {
        return ApiKey.END_TXN;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.END_TXN.checkVersion(version);
        boolean flexible = ApiKey.END_TXN.isFlexible(version);
        w.writeString(transactionalId, flexible);
        w.writeLong(producerId);
        w.writeShort(producerEpoch);
        w.writeBoolean(committed);
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static EndTxnRequest read(ByteReader r, short version) {
        ApiKey.END_TXN.checkVersion(version);
        boolean flexible = ApiKey.END_TXN.isFlexible(version);
        EndTxnRequest request = new EndTxnRequest(
                r.readString(flexible, "transactional_id"), r.readLong(), r.readShort(), r.readBoolean());
        r.skipTaggedFields(flexible);
        return request;
    }
}
