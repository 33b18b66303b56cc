package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import java.util.List;

/**
 * Metadata response (key 3), versions 0-13; flexible from v9.
 *
 * <pre>
 * throttle_time_ms int32                                        (v3+)
 * brokers [node_id int32 | host STRING | port int32 | rack NULLABLE_STRING (v1+)]
 * cluster_id NULLABLE_STRING                                    (v2+)
 * controller_id int32                                           (v1+)
 * topics [error_code int16 | name STRING (nullable v12+) | topic_id uuid (v10+) | is_internal bool (v1+)
 *         partitions [error_code int16 | partition_index int32 | leader_id int32 | leader_epoch int32 (v7+)
 *                     replica_nodes [int32] | isr_nodes [int32] | offline_replicas [int32] (v5+)]
 *         topic_authorized_operations int32 (v8+)]
 * cluster_authorized_operations int32                           (v8-10)
 * error_code int16                                              (v13+)
 * </pre>
 *
 * Every structure ends in a tagged-field section from v9. Fields a version lacks take Kafka's defaults:
 * -1 for ids and epochs, null for strings, {@link Uuid#ZERO} for ids, {@link Integer#MIN_VALUE} for
 * authorized operations.
 *
 * @param throttleTimeMs quota throttle
 * @param brokers the live brokers
 * @param clusterId the cluster id, or null
 * @param controllerId the controller's node id, or -1
 * @param topics the topics described
 * @param clusterAuthorizedOperations bit field of authorized cluster operations (v8-10)
 * @param errorCode top-level error (v13+), e.g. REBOOTSTRAP_REQUIRED
 */
public record MetadataResponse(
        int throttleTimeMs,
        List<Broker> brokers,
        String clusterId,
        int controllerId,
        List<Topic> topics,
        int clusterAuthorizedOperations,
        short errorCode)
        implements Response {

    /** A broker's address. */
    public record Broker(int nodeId, String host, int port, String rack) {}

    /** One topic's metadata. */
    public record Topic(
            short errorCode,
            String name,
            Uuid topicId,
            boolean isInternal,
            List<Partition> partitions,
            int topicAuthorizedOperations) {
        /** The topic's error as an enum. */
        public Errors error() {
            return Errors.forCode(errorCode);
        }
    }

    /** One partition's leader and replicas. */
    public record Partition(
            short errorCode,
            int partitionIndex,
            int leaderId,
            int leaderEpoch,
            List<Integer> replicaNodes,
            List<Integer> isrNodes,
            List<Integer> offlineReplicas) {
        /** The partition's error as an enum. */
        public Errors error() {
            return Errors.forCode(errorCode);
        }
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.METADATA.checkVersion(version);
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        if (version >= 3) {
            w.writeInt(throttleTimeMs);
        }
        w.writeArrayLength(brokers.size(), flexible);
        for (Broker b : brokers) {
            w.writeInt(b.nodeId());
            w.writeString(b.host(), flexible);
            w.writeInt(b.port());
            if (version >= 1) {
                w.writeNullableString(b.rack(), flexible);
            }
            w.writeTaggedFieldsEnd(flexible);
        }
        if (version >= 2) {
            w.writeNullableString(clusterId, flexible);
        }
        if (version >= 1) {
            w.writeInt(controllerId);
        }
        w.writeArrayLength(topics.size(), flexible);
        for (Topic t : topics) {
            writeTopic(w, t, version, flexible);
        }
        if (version >= 8 && version <= 10) {
            w.writeInt(clusterAuthorizedOperations);
        }
        if (version >= 13) {
            w.writeShort(errorCode);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a response at {@code version}. */
    public static MetadataResponse read(ByteReader r, short version) {
        ApiKey.METADATA.checkVersion(version);
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        int throttleTimeMs = version >= 3 ? r.readInt() : 0;
        List<Broker> brokers = r.readNonNullArray(flexible, "brokers", b -> readBroker(b, version, flexible));
        String clusterId = version >= 2 ? r.readNullableString(flexible, "cluster_id") : null;
        int controllerId = version >= 1 ? r.readInt() : -1;
        List<Topic> topics = r.readNonNullArray(flexible, "topics", t -> readTopic(t, version, flexible));
        int clusterOps = version >= 8 && version <= 10 ? r.readInt() : Integer.MIN_VALUE;
        short errorCode = version >= 13 ? r.readShort() : 0;
        r.skipTaggedFields(flexible);
        return new MetadataResponse(throttleTimeMs, brokers, clusterId, controllerId, topics, clusterOps, errorCode);
    }

    private static void writeTopic(ByteWriter w, Topic t, short version, boolean flexible) {
        w.writeShort(t.errorCode());
        if (version >= 12) {
            w.writeNullableString(t.name(), flexible);
        } else {
            w.writeString(t.name(), flexible);
        }
        if (version >= 10) {
            w.writeUuid(t.topicId());
        }
        if (version >= 1) {
            w.writeBoolean(t.isInternal());
        }
        w.writeArrayLength(t.partitions().size(), flexible);
        for (Partition p : t.partitions()) {
            w.writeShort(p.errorCode());
            w.writeInt(p.partitionIndex());
            w.writeInt(p.leaderId());
            if (version >= 7) {
                w.writeInt(p.leaderEpoch());
            }
            Codecs.writeInt32Array(w, p.replicaNodes(), flexible);
            Codecs.writeInt32Array(w, p.isrNodes(), flexible);
            if (version >= 5) {
                Codecs.writeInt32Array(w, p.offlineReplicas(), flexible);
            }
            w.writeTaggedFieldsEnd(flexible);
        }
        if (version >= 8) {
            w.writeInt(t.topicAuthorizedOperations());
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    private static Broker readBroker(ByteReader r, short version, boolean flexible) {
        int nodeId = r.readInt();
        String host = r.readString(flexible, "brokers.host");
        int port = r.readInt();
        String rack = version >= 1 ? r.readNullableString(flexible, "brokers.rack") : null;
        r.skipTaggedFields(flexible);
        return new Broker(nodeId, host, port, rack);
    }

    private static Topic readTopic(ByteReader r, short version, boolean flexible) {
        short errorCode = r.readShort();
        String name =
                version >= 12 ? r.readNullableString(flexible, "topics.name") : r.readString(flexible, "topics.name");
        Uuid topicId = version >= 10 ? r.readUuid() : Uuid.ZERO;
        boolean isInternal = version >= 1 && r.readBoolean();
        List<Partition> partitions =
                r.readNonNullArray(flexible, "topics.partitions", p -> readPartition(p, version, flexible));
        int topicOps = version >= 8 ? r.readInt() : Integer.MIN_VALUE;
        r.skipTaggedFields(flexible);
        return new Topic(errorCode, name, topicId, isInternal, partitions, topicOps);
    }

    private static Partition readPartition(ByteReader r, short version, boolean flexible) {
        short errorCode = r.readShort();
        int index = r.readInt();
        int leaderId = r.readInt();
        int leaderEpoch = version >= 7 ? r.readInt() : -1;
        List<Integer> replicas = r.readInt32Array(flexible, "replica_nodes");
        List<Integer> isr = r.readInt32Array(flexible, "isr_nodes");
        List<Integer> offline = version >= 5 ? r.readInt32Array(flexible, "offline_replicas") : List.of();
        r.skipTaggedFields(flexible);
        return new Partition(errorCode, index, leaderId, leaderEpoch, replicas, isr, offline);
    }

    /** The top-level error (v13+) as an enum. */
    public Errors error() {
        return Errors.forCode(errorCode);
    }
}
