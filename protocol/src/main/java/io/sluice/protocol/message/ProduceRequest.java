package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Produce request (key 0), versions 3-13; flexible from v9.
 *
 * <pre>
 * transactional_id NULLABLE_STRING
 * acks int16
 * timeout_ms int32
 * topic_data [name STRING (v3-12) | topic_id uuid (v13+)
 *             partition_data [index int32 | records NULLABLE_BYTES | tagged fields(v9+)]
 *             tagged fields(v9+)]
 * tagged fields (v9+)
 * </pre>
 *
 * <p>The record batches are written as they are: each {@link PartitionData#records()} buffer is copied once,
 * straight into the request's {@link ByteWriter}, and is not modified (its position does not move). From
 * v13 topics are named by id only; the caller carries ids from a Metadata response (v10+).
 *
 * @param transactionalId the transactional id, or null for a non-transactional producer
 * @param acks 0, 1 or -1 (all in-sync replicas)
 * @param timeoutMs how long the leader waits for the acks it needs
 * @param topics the batches, grouped by topic
 */
public record ProduceRequest(String transactionalId, short acks, int timeoutMs, List<TopicData> topics)
        implements Request {

    /**
     * The batches for one topic.
     *
     * @param name the topic name, used up to v12
     * @param topicId the topic id, used from v13
     * @param partitions one entry per partition
     */
    public record TopicData(String name, Uuid topicId, List<PartitionData> partitions) {}

    /**
     * The record batches for one partition.
     *
     * @param index the partition index
     * @param records the batch bytes (bytes {@code [position, limit)}), or null
     */
    public record PartitionData(int index, ByteBuffer records) {}

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.PRODUCE.checkVersion(version);
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        w.writeNullableString(transactionalId, flexible);
        w.writeShort(acks);
        w.writeInt(timeoutMs);
        w.writeArrayLength(topics.size(), flexible);
        for (int t = 0; t < topics.size(); t++) {
            TopicData topic = topics.get(t);
            writeTopicKey(w, topic, version, flexible);
            List<PartitionData> partitions = topic.partitions();
            w.writeArrayLength(partitions.size(), flexible);
            for (int p = 0; p < partitions.size(); p++) {
                PartitionData partition = partitions.get(p);
                w.writeInt(partition.index());
                w.writeNullableBytes(partition.records(), flexible);
                w.writeTaggedFieldsEnd(flexible);
            }
            w.writeTaggedFieldsEnd(flexible);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    private static void writeTopicKey(ByteWriter w, TopicData topic, short version, boolean flexible) {
        if (version >= 13) {
            if (topic.topicId() == null || topic.topicId().isZero()) {
                throw new IllegalArgumentException(
                        "Produce v" + version + " names topics by id; topic " + topic.name() + " has none");
            }
            w.writeUuid(topic.topicId());
        } else {
            if (topic.name() == null) {
                throw new IllegalArgumentException("Produce v" + version + " needs topic names");
            }
            w.writeString(topic.name(), flexible);
        }
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static ProduceRequest read(ByteReader r, short version) {
        ApiKey.PRODUCE.checkVersion(version);
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        String transactionalId = r.readNullableString(flexible, "transactional_id");
        short acks = r.readShort();
        int timeoutMs = r.readInt();
        List<TopicData> topics = r.readNonNullArray(flexible, "topic_data", t -> {
            String name = version >= 13 ? null : t.readString(flexible, "topic_data.name");
            Uuid topicId = version >= 13 ? t.readUuid() : Uuid.ZERO;
            List<PartitionData> partitions = t.readNonNullArray(flexible, "partition_data", p -> {
                int index = p.readInt();
                int length = flexible ? p.readUnsignedVarint() - 1 : p.readInt();
                // the batches stay in the frame: a view, not a copy
                ByteBuffer records = length == -1 ? null : p.readSlice(length, "records");
                p.skipTaggedFields(flexible);
                return new PartitionData(index, records);
            });
            t.skipTaggedFields(flexible);
            return new TopicData(name, topicId, partitions);
        });
        r.skipTaggedFields(flexible);
        return new ProduceRequest(transactionalId, acks, timeoutMs, topics);
    }
}
