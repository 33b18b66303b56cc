package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

/**
 * AddOffsetsToTxn request (key 25), versions 0-4; flexible from v3.
 *
 * <pre>
 * transactional_id STRING | producer_id int64 | producer_epoch int16 | group_id STRING | tagged fields (v3+)
 * </pre>
 *
 * @param transactionalId the transaction
 * @param producerId its producer id
 * @param producerEpoch its producer epoch
 * @param groupId the consumer group whose offsets join the transaction
 */
public record AddOffsetsToTxnRequest(String transactionalId, long producerId, short producerEpoch, String groupId)
        implements Request {

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.ADD_OFFSETS_TO_TXN.checkVersion(version);
        boolean flexible = ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version);
        w.writeString(transactionalId, flexible);
        w.writeLong(producerId);
        w.writeShort(producerEpoch);
        w.writeString(groupId, flexible);
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static AddOffsetsToTxnRequest read(ByteReader r, short version) {
        ApiKey.ADD_OFFSETS_TO_TXN.checkVersion(version);
        boolean flexible = ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version);
        AddOffsetsToTxnRequest request = new AddOffsetsToTxnRequest(
                r.readString(flexible, "transactional_id"),
                r.readLong(),
                r.readShort(),
                r.readString(flexible, "group_id"));
        r.skipTaggedFields(flexible);
        return request;
    }
}
