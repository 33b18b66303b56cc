package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.util.List;

/**
 * TxnOffsetCommit response (key 28), versions 0-5; flexible from v3.
 *
 * <pre>
 * throttle_time_ms int32
 * topics [name STRING | partitions [partition_index int32 | error_code int16]]
 * tagged fields (v3+)
 * </pre>
 *
 * @param throttleTimeMs quota throttle
 * @param topics the result of each partition, by topic
 */
public record TxnOffsetCommitResponse(int throttleTimeMs, List<Topic> topics) implements Response {

    /** The results for one topic. */
    public record Topic(String name, List<Partition> partitions) {}

    /** The result for one partition. */
    public record Partition(int partitionIndex, short errorCode) {
        /** The error as an enum. */
        public Errors error() {
            return Errors.forCode(errorCode);
        }
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.TXN_OFFSET_COMMIT;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.TXN_OFFSET_COMMIT.checkVersion(version);
        boolean flexible = ApiKey.TXN_OFFSET_COMMIT.isFlexible(version);
        w.writeInt(throttleTimeMs);
        w.writeArrayLength(topics.size(), flexible);
        for (Topic topic : topics) {
            w.writeString(topic.name(), flexible);
            w.writeArrayLength(topic.partitions().size(), flexible);
            for (Partition p : topic.partitions()) {
                w.writeInt(p.partitionIndex());
                w.writeShort(p.errorCode());
                w.writeTaggedFieldsEnd(flexible);
            }
            w.writeTaggedFieldsEnd(flexible);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a response at {@code version}. */
    public static TxnOffsetCommitResponse read(ByteReader r, short version) {
        ApiKey.TXN_OFFSET_COMMIT.checkVersion(version);
        boolean flexible = ApiKey.TXN_OFFSET_COMMIT.isFlexible(version);
        int throttleTimeMs = r.readInt();
        List<Topic> topics = r.readNonNullArray(flexible, "topics", t -> {
            String name = t.readString(flexible, "topics.name");
            List<Partition> partitions = t.readNonNullArray(flexible, "topics.partitions", p -> {
                Partition partition = new Partition(p.readInt(), p.readShort());
                p.skipTaggedFields(flexible);
                return partition;
            });
            t.skipTaggedFields(flexible);
            return new Topic(name, partitions);
        });
        r.skipTaggedFields(flexible);
        return new TxnOffsetCommitResponse(throttleTimeMs, topics);
    }
}
