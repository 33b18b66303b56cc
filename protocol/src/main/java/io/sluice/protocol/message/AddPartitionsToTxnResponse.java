package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.util.List;

/**
 * AddPartitionsToTxn response (key 24), the client versions 0-3; flexible from v3.
 *
 * <pre>
 * throttle_time_ms int32
 * results_by_topic [name STRING | results_by_partition [partition_index int32 | partition_error_code int16]]
 * tagged fields (v3+)
 * </pre>
 *
 * @param throttleTimeMs quota throttle
 * @param results the result of each partition, by topic
 */
public record AddPartitionsToTxnResponse(int throttleTimeMs, List<TopicResult> results) implements Response {

    /** The results for one topic. */
    public record TopicResult(String name, List<PartitionResult> partitions) {}

    /** The result for one partition. */
    public record PartitionResult(int partitionIndex, short errorCode) {}

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.ADD_PARTITIONS_TO_TXN.checkVersion(version);
        boolean flexible = ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version);
        w.writeInt(throttleTimeMs);
        w.writeArrayLength(results.size(), flexible);
        for (TopicResult topic : results) {
            w.writeString(topic.name(), flexible);
            w.writeArrayLength(topic.partitions().size(), flexible);
            for (PartitionResult p : topic.partitions()) {
                w.writeInt(p.partitionIndex());
                w.writeShort(p.errorCode());
                w.writeTaggedFieldsEnd(flexible);
            }
            w.writeTaggedFieldsEnd(flexible);
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a response at {@code version}. */
    public static AddPartitionsToTxnResponse read(ByteReader r, short version) {
        ApiKey.ADD_PARTITIONS_TO_TXN.checkVersion(version);
        boolean flexible = ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version);
        int throttleTimeMs = r.readInt();
        List<TopicResult> results = r.readNonNullArray(flexible, "results_by_topic", t -> {
            String name = t.readString(flexible, "results_by_topic.name");
            List<PartitionResult> partitions = t.readNonNullArray(flexible, "results_by_partition", p -> {
                PartitionResult result = new PartitionResult(p.readInt(), p.readShort());
                p.skipTaggedFields(flexible);
                return result;
            });
            t.skipTaggedFields(flexible);
            return new TopicResult(name, partitions);
        });
        r.skipTaggedFields(flexible);
        return new AddPartitionsToTxnResponse(throttleTimeMs, results);
    }
}
