package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.util.List;

/**
 * TxnOffsetCommit request (key 28), versions 0-5; flexible from v3.
 *
 * <pre>
 * transactional_id STRING | group_id STRING | producer_id int64 | producer_epoch int16
 * generation_id int32 | member_id STRING | group_instance_id NULLABLE_STRING        (v3+)
 * topics [name STRING
 *         partitions [partition_index int32 | committed_offset int64
 *                     committed_leader_epoch int32 (v2+) | committed_metadata NULLABLE_STRING]]
 * tagged fields (v3+)
 * </pre>
 *
 * <p>Group metadata (a generation, member id or group instance id) cannot be written below v3: leaving it out would
 * silently give up the coordinator's fencing of a stale consumer (KIP-447), so {@link #write} refuses instead.
 *
 * @param transactionalId the transaction
 * @param groupId the consumer group
 * @param producerId the producer id
 * @param producerEpoch the producer epoch
 * @param generationId the group generation (v3+), -1 if unknown
 * @param memberId the group member id (v3+), "" if unknown
 * @param groupInstanceId the static member id (v3+), or null
 * @param topics the offsets to commit, by topic
 */
public record TxnOffsetCommitRequest(
        String transactionalId,
        String groupId,
        long producerId,
        short producerEpoch,
        int generationId,
        String memberId,
        String groupInstanceId,
        List<Topic> topics)
        implements Request {

    /** The offsets of one topic. */
    public record Topic(String name, List<Partition> partitions) {}

    /**
     * One partition's offset.
     *
     * @param partitionIndex the partition
     * @param committedOffset the offset to commit
     * @param committedLeaderEpoch the leader epoch of the last consumed record (v2+), -1 if unknown
     * @param committedMetadata metadata stored with the offset, or null
     */
    public record Partition(
            int partitionIndex, long committedOffset, int committedLeaderEpoch, String committedMetadata) {}

    @Override
    public ApiKey apiKey() {
        return ApiKey.TXN_OFFSET_COMMIT;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.TXN_OFFSET_COMMIT.checkVersion(version);
        boolean flexible = ApiKey.TXN_OFFSET_COMMIT.isFlexible(version);
        w.writeString(transactionalId, flexible);
        w.writeString(groupId, flexible);
        w.writeLong(producerId);
        w.writeShort(producerEpoch);
        if (version >= 3) {
            w.writeInt(generationId);
            w.writeCompactString(memberId);
            w.writeCompactNullableString(groupInstanceId);
        } else if (hasGroupMetadata()) {
            throw new IllegalArgumentException("TxnOffsetCommit v" + version + " cannot carry the consumer's group"
                    + " metadata (generation " + generationId + ", member '" + memberId + "'); that needs v3,"
                    + " which brokers have from Kafka 2.5");
        }
        w.writeArrayLength(topics.size(), flexible);
        for (Topic topic : topics) {
            w.writeString(topic.name(), flexible);
            w.writeArrayLength(topic.partitions().size(), flexible);
            for (Partition p : topic.partitions()) {
                w.writeInt(p.partitionIndex());
                w.writeLong(p.committedOffset());
                if (version >= 2) {
                    w.writeInt(p.committedLeaderEpoch());
                }
                w.writeNullableString(p.committedMetadata(), flexible);
                w.writeTaggedFieldsEnd(flexible);
            }
            w.writeTaggedFieldsEnd(flexible);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Whether a generation, member id or group instance id is set, which only v3 and later carry. */
    public boolean hasGroupMetadata() {
        return generationId != -1 || !memberId.isEmpty() || groupInstanceId != null;
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static TxnOffsetCommitRequest read(ByteReader r, short version) {
        ApiKey.TXN_OFFSET_COMMIT.checkVersion(version);
        boolean flexible = ApiKey.TXN_OFFSET_COMMIT.isFlexible(version);
        String transactionalId = r.readString(flexible, "transactional_id");
        String groupId = r.readString(flexible, "group_id");
        long producerId = r.readLong();
        short producerEpoch = r.readShort();
        int generationId = version >= 3 ? r.readInt() : -1;
        String memberId = version >= 3 ? r.readCompactString("member_id") : "";
        String groupInstanceId = version >= 3 ? r.readCompactNullableString("group_instance_id") : null;
        List<Topic> topics = r.readNonNullArray(flexible, "topics", t -> {
            String name = t.readString(flexible, "topics.name");
            List<Partition> partitions = t.readNonNullArray(flexible, "partitions", p -> {
                Partition partition = new Partition(
                        p.readInt(),
                        p.readLong(),
                        version >= 2 ? p.readInt() : -1,
                        p.readNullableString(flexible, "committed_metadata"));
                p.skipTaggedFields(flexible);
                return partition;
            });
            t.skipTaggedFields(flexible);
            return new Topic(name, partitions);
        });
        r.skipTaggedFields(flexible);
        return new TxnOffsetCommitRequest(
                transactionalId, groupId, producerId, producerEpoch, generationId, memberId, groupInstanceId, topics);
    }
}
