package io.sluice.producer.partition;

import io.sluice.producer.PartitionInfo;
import java.util.List;

/** What a {@link Partitioner} may know about the cluster: the partitions of a topic, from the latest metadata. */
public interface ClusterView {
    /** Returns every partition of the topic, by partition number; empty when the topic is unknown. */
    List<PartitionInfo> partitionsForTopic(String topic);

    /** Returns the partitions of the topic that have a leader now. */
    List<PartitionInfo> availablePartitionsForTopic(String topic);

    /** Returns the partition count, or {@code -1} when the topic is unknown. */
    int partitionCount(String topic);
}
