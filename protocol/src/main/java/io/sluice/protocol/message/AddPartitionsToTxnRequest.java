package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.util.List;

/**
 * AddPartitionsToTxn request (key 24), the client versions 0-3; flexible from v3. (Versions 4+ batch several
 * transactions and are sent by brokers only.)
 *
 * <pre>
 * transactional_id STRING | producer_id int64 | producer_epoch int16
 * topics [name STRING | partitions [int32]]
 * tagged fields (v3+)
 * </pre>
 *
 * @param transactionalId the transaction
 * @param producerId its producer id
 * @param producerEpoch its producer epoch
 * @param topics the partitions to add, by topic
 */
public record AddPartitionsToTxnRequest(
        String transactionalId, long producerId, short producerEpoch, List<Topic> topics) implements Request {

    /** Partitions of one topic. */
    public record Topic(String name, List<Integer> partitions) {}

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.ADD_PARTITIONS_TO_TXN.checkVersion(version);
        boolean flexible = ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version);
        w.writeString(transactionalId, flexible);
        w.writeLong(producerId);
        w.writeShort(producerEpoch);
        w.writeArrayLength(topics.size(), flexible);
        for (Topic topic : topics) {
            w.writeString(topic.name(), flexible);
            Codecs.writeInt32Array(w, topic.partitions(), flexible);
            w.writeTaggedFieldsEnd(flexible);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static AddPartitionsToTxnRequest read(ByteReader r, short version) {
        ApiKey.ADD_PARTITIONS_TO_TXN.checkVersion(version);
        boolean flexible = ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version);
        String transactionalId = r.readString(flexible, "transactional_id");
        long producerId = r.readLong();
        short producerEpoch = r.readShort();
        List<Topic> topics = r.readNonNullArray(flexible, "topics", t -> {
            Topic topic = new Topic(t.readString(flexible, "topics.name"), t.readInt32Array(flexible, "partitions"));
            t.skipTaggedFields(flexible);
            return topic;
        });
        r.skipTaggedFields(flexible);
        return new AddPartitionsToTxnRequest(transactionalId, producerId, producerEpoch, topics);
    }
}
