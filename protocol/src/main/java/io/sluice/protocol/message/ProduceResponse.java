package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import java.util.List;

/**
 * Produce response (key 0), versions 3-13; flexible from v9.
 *
 * <pre>
 * responses [name STRING (v3-12) | topic_id uuid (v13+)
 *            partition_responses [index int32 | error_code int16 | base_offset int64
 *                                 log_append_time_ms int64 | log_start_offset int64 (v5+)
 *                                 record_errors [batch_index int32 | batch_index_error_message NULLABLE_STRING] (v8+)
 *                                 error_message NULLABLE_STRING (v8+)
 *                                 tagged fields (v9+): 0 current_leader {leader_id int32 | leader_epoch int32} (v10+)]]
 * throttle_time_ms int32
 * tagged fields (v9+): 0 node_endpoints [node_id int32 | host | port int32 | rack NULLABLE_STRING] (v10+)
 * </pre>
 *
 * <p>The leader hints (v10+, KIP-951) let a producer that got {@code NOT_LEADER_OR_FOLLOWER} retry at the new
 * leader before its next metadata refresh.
 *
 * @param responses one entry per topic in the request
 * @param throttleTimeMs quota throttle
 * @param nodeEndpoints addresses of the new leaders named in {@link PartitionResponse#currentLeader()}
 */
public record ProduceResponse(List<TopicResponse> responses, int throttleTimeMs, List<NodeEndpoint> nodeEndpoints)
        implements Response {

    /**
     * The results for one topic.
     *
     * @param name the topic name (v3-12), else null
     * @param topicId the topic id (v13+), else {@link Uuid#ZERO}
     * @param partitions one entry per partition
     */
    public record TopicResponse(String name, Uuid topicId, List<PartitionResponse> partitions) {}

    /**
     * The result for one partition.
     *
     * @param index the partition index
     * @param errorCode the error, 0 on success
     * @param baseOffset the offset of the first record of the batch
     * @param logAppendTimeMs the broker's append time for LogAppendTime topics, else -1
     * @param logStartOffset the partition's log start offset (v5+), else -1
     * @param recordErrors records that made the broker drop the batch (v8+)
     * @param errorMessage a summary of the error (v8+), or null
     * @param currentLeader the partition's leader as the broker knows it (v10+), or {@link LeaderIdAndEpoch#UNKNOWN}
     */
    public record PartitionResponse(
            int index,
            short errorCode,
            long baseOffset,
            long logAppendTimeMs,
            long logStartOffset,
            List<RecordError> recordErrors,
            String errorMessage,
            LeaderIdAndEpoch currentLeader) {
        /** The error as an enum. */
        public Errors error() {
            return Errors.forCode(errorCode);
        }
    }

    /** A record, by its index in the batch, that made the broker reject the batch. */
    public record RecordError(int batchIndex, String message) {}

    /** A partition's leader and epoch; -1 and -1 when unknown. */
    public record LeaderIdAndEpoch(int leaderId, int leaderEpoch) {
        /** The value when the broker sent no hint. */
        public static final LeaderIdAndEpoch UNKNOWN = new LeaderIdAndEpoch(-1, -1);
    }

    /** A broker's address, sent with leader hints. */
    public record NodeEndpoint(int nodeId, String host, int port, String rack) {}

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.PRODUCE.checkVersion(version);
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        w.writeArrayLength(responses.size(), flexible);
        for (TopicResponse t : responses) {
            if (version >= 13) {
                w.writeUuid(t.topicId());
            } else {
                w.writeString(t.name(), flexible);
            }
            w.writeArrayLength(t.partitions().size(), flexible);
            for (PartitionResponse p : t.partitions()) {
                writePartition(w, p, version, flexible);
            }
            w.writeTaggedFieldsEnd(flexible);
        }
        w.writeInt(throttleTimeMs);
        if (flexible) {
            boolean endpoints = version >= 10 && !nodeEndpoints.isEmpty();
            w.writeUnsignedVarint(endpoints ? 1 : 0);
            if (endpoints) {
                Codecs.writeTaggedField(w, 0, f -> {
                    f.writeCompactArrayLength(nodeEndpoints.size());
                    for (NodeEndpoint n : nodeEndpoints) {
                        f.writeInt(n.nodeId());
                        f.writeCompactString(n.host());
                        f.writeInt(n.port());
                        f.writeCompactNullableString(n.rack());
                        f.writeEmptyTaggedFields();
                    }
                });
            }
        }
    }

    /** Decodes a response at {@code version}. */
    public static ProduceResponse read(ByteReader r, short version) {
        ApiKey.PRODUCE.checkVersion(version);
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        List<TopicResponse> responses = r.readNonNullArray(flexible, "responses", t -> readTopic(t, version, flexible));
        int throttleTimeMs = r.readInt();
        TopLevelTags tags = new TopLevelTags(version);
        if (flexible) {
            r.readTaggedFields(tags::read);
        }
        return new ProduceResponse(responses, throttleTimeMs, tags.nodeEndpoints);
    }

    private static void writePartition(ByteWriter w, PartitionResponse p, short version, boolean flexible) {
        w.writeInt(p.index());
        w.writeShort(p.errorCode());
        w.writeLong(p.baseOffset());
        w.writeLong(p.logAppendTimeMs());
        if (version >= 5) {
            w.writeLong(p.logStartOffset());
        }
        if (version >= 8) {
            w.writeArrayLength(p.recordErrors().size(), flexible);
            for (RecordError e : p.recordErrors()) {
                w.writeInt(e.batchIndex());
                w.writeNullableString(e.message(), flexible);
                w.writeTaggedFieldsEnd(flexible);
            }
            w.writeNullableString(p.errorMessage(), flexible);
        }
        if (flexible) {
            boolean leader = version >= 10 && !LeaderIdAndEpoch.UNKNOWN.equals(p.currentLeader());
            w.writeUnsignedVarint(leader ? 1 : 0);
            if (leader) {
                Codecs.writeTaggedField(w, 0, f -> {
                    f.writeInt(p.currentLeader().leaderId());
                    f.writeInt(p.currentLeader().leaderEpoch());
                    f.writeEmptyTaggedFields();
                });
            }
        }
    }

    /** The response's tagged fields, with their defaults when absent. */
    private static final class TopLevelTags {
        private final short version;
        List<NodeEndpoint> nodeEndpoints = List.of();

        TopLevelTags(short version) {
            this.version = version;
        }

        boolean read(int tag, ByteReader field) {
            if (tag == 0 && version >= 10) {
                nodeEndpoints = field.readNonNullArray(true, "node_endpoints", ProduceResponse::readNodeEndpoint);
                return true;
            }
            return false;
        }
    }

    private static TopicResponse readTopic(ByteReader r, short version, boolean flexible) {
        String name = null;
        Uuid topicId = Uuid.ZERO;
        if (version >= 13) {
            topicId = r.readUuid();
        } else {
            name = r.readString(flexible, "responses.name");
        }
        List<PartitionResponse> partitions =
                r.readNonNullArray(flexible, "partition_responses", p -> readPartition(p, version, flexible));
        r.skipTaggedFields(flexible);
        return new TopicResponse(name, topicId, partitions);
    }

    private static PartitionResponse readPartition(ByteReader r, short version, boolean flexible) {
        int index = r.readInt();
        short errorCode = r.readShort();
        long baseOffset = r.readLong();
        long logAppendTimeMs = r.readLong();
        long logStartOffset = version >= 5 ? r.readLong() : -1L;
        List<RecordError> recordErrors = List.of();
        String errorMessage = null;
        if (version >= 8) {
            recordErrors = r.readNonNullArray(flexible, "record_errors", e -> {
                RecordError err = new RecordError(e.readInt(), e.readNullableString(flexible, "batch_index_error"));
                e.skipTaggedFields(flexible);
                return err;
            });
            errorMessage = r.readNullableString(flexible, "error_message");
        }
        LeaderIdAndEpoch[] leader = {LeaderIdAndEpoch.UNKNOWN};
        if (flexible) {
            r.readTaggedFields((tag, f) -> {
                if (tag == 0 && version >= 10) {
                    leader[0] = new LeaderIdAndEpoch(f.readInt(), f.readInt());
                    f.skipTaggedFields();
                    return true;
                }
                return false;
            });
        }
        return new PartitionResponse(
                index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors, errorMessage, leader[0]);
    }

    private static NodeEndpoint readNodeEndpoint(ByteReader r) {
        NodeEndpoint n = new NodeEndpoint(
                r.readInt(),
                r.readCompactString("node_endpoints.host"),
                r.readInt(),
                r.readCompactNullableString("rack"));
        r.skipTaggedFields();
        return n;
    }
}
