package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.util.List;

/**
 * CreateTopics request (key 19), versions 2-7; flexible from v5.
 *
 * <pre>
 * topics [name STRING | num_partitions int32 | replication_factor int16
 *         assignments [partition_index int32 | broker_ids [int32]]
 *         configs [name STRING | value NULLABLE_STRING]]
 * timeout_ms int32
 * validate_only bool
 * tagged fields (v5+)
 * </pre>
 *
 * @param topics the topics to create
 * @param timeoutMs how long the controller may take
 * @param validateOnly check the request without creating anything
 */
public record CreateTopicsRequest(List<Topic> topics, int timeoutMs, boolean validateOnly) implements Request {

    /**
     * One topic to create.
     *
     * @param name the topic name
     * @param numPartitions the partition count, or -1 for the broker default (or when assignments are given)
     * @param replicationFactor the replication factor, or -1 for the broker default
     * @param assignments explicit replica assignments, usually empty
     * @param configs topic configs
     */
    public record Topic(
            String name,
            int numPartitions,
            short replicationFactor,
            List<Assignment> assignments,
            List<Config> configs) {
        /** A topic with broker-chosen placement and no configs. */
        public static Topic of(String name, int numPartitions, short replicationFactor) {
            return new Topic(name, numPartitions, replicationFactor, List.of(), List.of());
        }
    }

    /** The brokers that hold one partition's replicas. */
    public record Assignment(int partitionIndex, List<Integer> brokerIds) {}

    /** One topic config. */
    public record Config(String name, String value) {}

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPICS;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.CREATE_TOPICS.checkVersion(version);
        boolean flexible = ApiKey.CREATE_TOPICS.isFlexible(version);
        w.writeArrayLength(topics.size(), flexible);
        for (Topic topic : topics) {
            w.writeString(topic.name(), flexible);
            w.writeInt(topic.numPartitions());
            w.writeShort(topic.replicationFactor());
            w.writeArrayLength(topic.assignments().size(), flexible);
            for (Assignment a : topic.assignments()) {
                w.writeInt(a.partitionIndex());
                Codecs.writeInt32Array(w, a.brokerIds(), flexible);
                w.writeTaggedFieldsEnd(flexible);
            }
            w.writeArrayLength(topic.configs().size(), flexible);
            for (Config c : topic.configs()) {
                w.writeString(c.name(), flexible);
                w.writeNullableString(c.value(), flexible);
                w.writeTaggedFieldsEnd(flexible);
            }
            w.writeTaggedFieldsEnd(flexible);
        }
        w.writeInt(timeoutMs);
        w.writeBoolean(validateOnly);
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static CreateTopicsRequest read(ByteReader r, short version) {
        ApiKey.CREATE_TOPICS.checkVersion(version);
        boolean flexible = ApiKey.CREATE_TOPICS.isFlexible(version);
        List<Topic> topics = r.readNonNullArray(flexible, "topics", t -> {
            String name = t.readString(flexible, "topics.name");
            int numPartitions = t.readInt();
            short replicationFactor = t.readShort();
            List<Assignment> assignments = t.readNonNullArray(flexible, "assignments", a -> {
                Assignment assignment = new Assignment(a.readInt(), a.readInt32Array(flexible, "broker_ids"));
                a.skipTaggedFields(flexible);
                return assignment;
            });
            List<Config> configs = t.readNonNullArray(flexible, "configs", c -> {
                Config config =
                        new Config(c.readString(flexible, "configs.name"), c.readNullableString(flexible, "value"));
                c.skipTaggedFields(flexible);
                return config;
            });
            t.skipTaggedFields(flexible);
            return new Topic(name, numPartitions, replicationFactor, assignments, configs);
        });
        int timeoutMs = r.readInt();
        boolean validateOnly = r.readBoolean();
        r.skipTaggedFields(flexible);
        return new CreateTopicsRequest(topics, timeoutMs, validateOnly);
    }
}
