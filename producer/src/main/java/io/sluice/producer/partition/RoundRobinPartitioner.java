package io.sluice.producer.partition;

import io.sluice.producer.PartitionInfo;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spreads records over partitions in turn, keys ignored: each send takes the next partition with a leader (or
 * the next partition when none has one), per topic.
 */
public class RoundRobinPartitioner implements Partitioner {
    private final ConcurrentMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    /** Creates the partitioner. */
    public RoundRobinPartitioner() {}

    @Override
    public int partition(
            String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, ClusterView cluster) {
        int next = KeyHashing.toPositive(
                counters.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement());
        List<PartitionInfo> available = cluster.availablePartitionsForTopic(topic);
        if (!available.isEmpty()) {
            return available.get(next % available.size()).partition();
        }
        return next % cluster.partitionCount(topic);
    }
}
