package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.ProtocolException;
import io.sluice.protocol.types.Uuid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Metadata request (key 3), versions 0-13; flexible from v9.
 *
 * <pre>
 * topics [topic_id uuid (v10+) | name STRING (nullable v10+) | tagged fields(v9+)]   (nullable v1+)
 * allow_auto_topic_creation bool                    (v4+)
 * include_cluster_authorized_operations bool        (v8-10)
 * include_topic_authorized_operations bool          (v8+)
 * tagged fields                                     (v9+)
 * </pre>
 *
 * <p>A null {@code topics} asks for every topic. Version 0 has no null array: there an empty array means
 * every topic, so a request for no topic at all cannot be made at v0.
 *
 * @param topics the topics to describe, or null for all
 * @param allowAutoTopicCreation whether the broker may create missing topics (v4+)
 * @param includeClusterAuthorizedOperations ask for the cluster's authorized operations (v8-10)
 * @param includeTopicAuthorizedOperations ask for each topic's authorized operations (v8+)
 */
public record MetadataRequest(
        List<Topic> topics,
        boolean allowAutoTopicCreation,
        boolean includeClusterAuthorizedOperations,
        boolean includeTopicAuthorizedOperations)
        implements Request {

    /**
     * One topic to describe, by name or (v10+) by id.
     *
     * @param topicId the topic id, {@link Uuid#ZERO} when asking by name
     * @param name the topic name; may be null from v10 when asking by id
     */
    public record Topic(Uuid topicId, String name) {
        /** A topic asked for by name. */
        public static Topic named(String name) {
            return new Topic(Uuid.ZERO, name);
        }
    }

    /** Every topic, without auto-creation. */
    public static MetadataRequest allTopics() {
        return new MetadataRequest(null, false, false, false);
    }

    /** The named topics, without auto-creation. */
    public static MetadataRequest forTopics(Collection<String> names) {
        List<Topic> topics = new ArrayList<>(names.size());
        for (String name : names) {
            topics.add(Topic.named(name));
        }
        return new MetadataRequest(List.copyOf(topics), false, false, false);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.METADATA.checkVersion(version);
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        if (topics == null) {
            w.writeArrayLength(version == 0 ? 0 : -1, flexible);
        } else {
            w.writeArrayLength(topics.size(), flexible);
            for (Topic t : topics) {
                if (version >= 10) {
                    w.writeUuid(t.topicId() == null ? Uuid.ZERO : t.topicId());
                    w.writeNullableString(t.name(), flexible);
                } else {
                    if (t.name() == null) {
                        throw new IllegalArgumentException("Metadata v" + version + " needs topic names");
                    }
                    w.writeString(t.name(), flexible);
                }
                w.writeTaggedFieldsEnd(flexible);
            }
        }
        if (version >= 4) {
            w.writeBoolean(allowAutoTopicCreation);
        }
        if (version >= 8) {
            if (version <= 10) {
                w.writeBoolean(includeClusterAuthorizedOperations);
            }
            w.writeBoolean(includeTopicAuthorizedOperations);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static MetadataRequest read(ByteReader r, short version) {
        ApiKey.METADATA.checkVersion(version);
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        List<Topic> topics = r.readArray(flexible, "topics", t -> {
            Uuid id = version >= 10 ? t.readUuid() : Uuid.ZERO;
            String name = version >= 10 ? t.readNullableString(flexible, "name") : t.readString(flexible, "name");
            t.skipTaggedFields(flexible);
            return new Topic(id, name);
        });
        if (version == 0 && topics == null) {
            throw new ProtocolException("Metadata v0 has no null topic array");
        }
        if (version == 0 && topics.isEmpty()) {
            topics = null; // v0 spells "every topic" as an empty array
        }
        boolean auto = version < 4 || r.readBoolean();
        boolean clusterOps = version >= 8 && version <= 10 && r.readBoolean();
        boolean topicOps = version >= 8 && r.readBoolean();
        r.skipTaggedFields(flexible);
        return new MetadataRequest(topics, auto, clusterOps, topicOps);
    }
}
