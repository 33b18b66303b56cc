package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import java.util.List;

/**
 * CreateTopics response (key 19), versions 2-7; flexible from v5.
 *
 * <pre>
 * throttle_time_ms int32
 * topics [name STRING | topic_id uuid (v7+) | error_code int16 | error_message NULLABLE_STRING
 *         num_partitions int32 (v5+) | replication_factor int16 (v5+)
 *         configs [name STRING | value NULLABLE_STRING | read_only bool | config_source int8
 *                  is_sensitive bool] (v5+, nullable)
 *         tagged fields (v5+): 0 topic_config_error_code int16]
 * tagged fields (v5+)
 * </pre>
 *
 * @param throttleTimeMs quota throttle
 * @param topics the result for each topic
 */
public record CreateTopicsResponse(int throttleTimeMs, List<TopicResult> topics) implements Response {

    /**
     * The result for one topic; fields a version lacks hold -1, null or {@link Uuid#ZERO}.
     *
     * @param name the topic
     * @param topicId its id (v7+)
     * @param errorCode the error, 0 on success
     * @param errorMessage the error message, or null
     * @param topicConfigErrorCode why the configs could not be returned (v5+, tagged), 0 if they were
     * @param numPartitions the partition count (v5+)
     * @param replicationFactor the replication factor (v5+)
     * @param configs the topic's configs (v5+), or null
     */
    public record TopicResult(
            String name,
            Uuid topicId,
            short errorCode,
            String errorMessage,
            short topicConfigErrorCode,
            int numPartitions,
            short replicationFactor,
            List<Config> configs) {
        /** The error as an enum. */
        public Errors error() {
            return Errors.forCode(errorCode);
        }
    }

    /** One config of a created topic. */
    public record Config(String name, String value, boolean readOnly, byte configSource, boolean isSensitive) {}

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPICS;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.CREATE_TOPICS.checkVersion(version);
        boolean flexible = ApiKey.CREATE_TOPICS.isFlexible(version);
        w.writeInt(throttleTimeMs);
        w.writeArrayLength(topics.size(), flexible);
        for (TopicResult t : topics) {
            writeTopic(w, t, version, flexible);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a response at {@code version}. */
    public static CreateTopicsResponse read(ByteReader r, short version) {
        ApiKey.CREATE_TOPICS.checkVersion(version);
        boolean flexible = ApiKey.CREATE_TOPICS.isFlexible(version);
        int throttleTimeMs = r.readInt();
        List<TopicResult> topics = r.readNonNullArray(flexible, "topics", t -> readTopic(t, version, flexible));
        r.skipTaggedFields(flexible);
        return new CreateTopicsResponse(throttleTimeMs, topics);
    }

    private static void writeTopic(ByteWriter w, TopicResult t, short version, boolean flexible) {
        w.writeString(t.name(), flexible);
        if (version >= 7) {
            w.writeUuid(t.topicId());
        }
        w.writeShort(t.errorCode());
        w.writeNullableString(t.errorMessage(), flexible);
        if (version >= 5) {
            w.writeInt(t.numPartitions());
            w.writeShort(t.replicationFactor());
            if (t.configs() == null) {
                w.writeCompactArrayLength(-1);
            } else {
                w.writeCompactArrayLength(t.configs().size());
                for (Config c : t.configs()) {
                    w.writeCompactString(c.name());
                    w.writeCompactNullableString(c.value());
                    w.writeBoolean(c.readOnly());
                    w.writeByte(c.configSource());
                    w.writeBoolean(c.isSensitive());
                    w.writeEmptyTaggedFields();
                }
            }
            boolean configError = t.topicConfigErrorCode() != 0;
            w.writeUnsignedVarint(configError ? 1 : 0);
            if (configError) {
                Codecs.writeTaggedField(w, 0, f -> f.writeShort(t.topicConfigErrorCode()));
            }
        }
    }

    private static TopicResult readTopic(ByteReader r, short version, boolean flexible) {
        String name = r.readString(flexible, "topics.name");
        Uuid topicId = version >= 7 ? r.readUuid() : Uuid.ZERO;
        short errorCode = r.readShort();
        String errorMessage = r.readNullableString(flexible, "topics.error_message");
        int numPartitions = -1;
        short replicationFactor = -1;
        List<Config> configs = null;
        short[] configErrorCode = {0};
        if (version >= 5) {
            numPartitions = r.readInt();
            replicationFactor = r.readShort();
            configs = r.readArray(true, "topics.configs", CreateTopicsResponse::readConfig);
            r.readTaggedFields((tag, f) -> {
                if (tag == 0) {
                    configErrorCode[0] = f.readShort();
                    return true;
                }
                return false;
            });
        }
        return new TopicResult(
                name, topicId, errorCode, errorMessage, configErrorCode[0], numPartitions, replicationFactor, configs);
    }

    private static Config readConfig(ByteReader r) {
        Config c = new Config(
                r.readCompactString("configs.name"),
                r.readCompactNullableString("configs.value"),
                r.readBoolean(),
                r.readByte(),
                r.readBoolean());
        r.skipTaggedFields();
        return c;
    }
}
