package io.sluice.producer;

import java.util.List;

/**
 * What the producer knows about one partition from the latest metadata.
 *
 * @param topic the topic name
 * @param partition the partition number
 * @param leader the leader, or {@code null} when the partition has no leader right now
 * @param replicas every replica of the partition
 * @param inSyncReplicas the replicas that are in sync with the leader
 * @param offlineReplicas the replicas that are offline
 */
public record PartitionInfo(
        String topic,
        int partition,
        Node leader,
        List<Node> replicas,
        List<Node> inSyncReplicas,
        List<Node> offlineReplicas) {

    /** Creates the info; the lists are copied. */
    public PartitionInfo {
        replicas = List.copyOf(replicas);
        inSyncReplicas = List.copyOf(inSyncReplicas);
        offlineReplicas = List.copyOf(offlineReplicas);
    }
}
