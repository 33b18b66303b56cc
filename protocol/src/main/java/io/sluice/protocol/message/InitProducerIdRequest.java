package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

/**
 * InitProducerId request (key 22), versions 0-5; flexible from v2.
 *
 * <pre>
 * transactional_id NULLABLE_STRING
 * transaction_timeout_ms int32
 * producer_id int64                 (v3+)
 * producer_epoch int16              (v3+)
 * tagged fields                     (v2+)
 * </pre>
 *
 * @param transactionalId the transactional id, or null for an idempotent-only producer
 * @param transactionTimeoutMs the transaction timeout the coordinator enforces
 * @param producerId the current producer id when bumping the epoch (v3+), else -1
 * @param producerEpoch the current epoch when bumping it (v3+), else -1
 */
public record InitProducerIdRequest(
        String transactionalId, int transactionTimeoutMs, long producerId, short producerEpoch) implements Request {

    /** A request for a fresh producer id: no current id or epoch. */
    public static InitProducerIdRequest fresh(String transactionalId, int transactionTimeoutMs) {
        return new InitProducerIdRequest(transactionalId, transactionTimeoutMs, -1L, (short) -1);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.INIT_PRODUCER_ID.checkVersion(version);
        boolean flexible = ApiKey.INIT_PRODUCER_ID.isFlexible(version);
        w.writeNullableString(transactionalId, flexible);
        w.writeInt(transactionTimeoutMs);
        if (version >= 3) {
            w.writeLong(producerId);
            w.writeShort(producerEpoch);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static InitProducerIdRequest read(ByteReader r, short version) {
        ApiKey.INIT_PRODUCER_ID.checkVersion(version);
        boolean flexible = ApiKey.INIT_PRODUCER_ID.isFlexible(version);
        String transactionalId = r.readNullableString(flexible, "transactional_id");
        int timeoutMs = r.readInt();
        long producerId = version >= 3 ? r.readLong() : -1L;
        short producerEpoch = version >= 3 ? r.readShort() : -1;
        r.skipTaggedFields(flexible);
        return new InitProducerIdRequest(transactionalId, timeoutMs, producerId, producerEpoch);
    }
}
