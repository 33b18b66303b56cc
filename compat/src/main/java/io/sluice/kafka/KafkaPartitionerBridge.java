package io.sluice.kafka;

import io.sluice.producer.partition.ClusterView;
import io.sluice.producer.partition.Partitioner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;

/**
 * A kafka-clients {@code Partitioner} as a Sluice partitioner. Sluice creates partitioners from a class with a
 * no-argument constructor; the adapter hands the Kafka instance over through {@link #handOver}, on the thread that
 * builds the producer.
 *
 * <p>A Kafka partitioner reads a kafka-clients {@link Cluster}. One is built per topic from Sluice's view and kept
 * until the view changes (Sluice replaces its view on every metadata update), so the common path allocates nothing.
 */
public final class KafkaPartitionerBridge implements Partitioner {
    private static final ThreadLocal<org.apache.kafka.clients.producer.Partitioner> HANDED_OVER = new ThreadLocal<>();

    private final org.apache.kafka.clients.producer.Partitioner partitioner;
    private volatile Snapshot snapshot = new Snapshot(null);

    /** Called by Sluice while the adapter builds the producer; takes the Kafka partitioner handed over. */
    public KafkaPartitionerBridge() {
        this.partitioner = HANDED_OVER.get();
        if (partitioner == null) {
            throw new IllegalStateException("KafkaPartitionerBridge is created by SluiceKafkaProducer only");
        }
    }

    /** Makes {@code partitioner} the one the next bridge created on this thread wraps; {@code null} clears it. */
    static void handOver(org.apache.kafka.clients.producer.Partitioner partitioner) {
        if (partitioner == null) {
            HANDED_OVER.remove();
        } else {
            HANDED_OVER.set(partitioner);
        }
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Configured by the adapter with kafka-clients' settings map.
    }

    @Override
    public int partition(
            String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, ClusterView cluster) {
        return partitioner.partition(topic, key, keyBytes, value, valueBytes, kafkaCluster(topic, cluster));
    }

    private Cluster kafkaCluster(String topic, ClusterView view) {
        Snapshot current = snapshot;
        if (current.view != view) {
            current = new Snapshot(view);
            snapshot = current;
        }
        Cluster cluster = current.byTopic.get(topic);
        if (cluster == null) {
            cluster = build(topic, view);
            current.byTopic.put(topic, cluster);
        }
        return cluster;
    }

    private static Cluster build(String topic, ClusterView view) {
        List<PartitionInfo> partitions = new ArrayList<>();
        Map<Integer, Node> nodes = new java.util.HashMap<>();
        for (io.sluice.producer.PartitionInfo p : view.partitionsForTopic(topic)) {
            PartitionInfo info = KafkaTypes.partitionInfo(p);
            partitions.add(info);
            if (info.leader() != null) {
                nodes.putIfAbsent(info.leader().id(), info.leader());
            }
            for (Node n : info.replicas()) {
                nodes.putIfAbsent(n.id(), n);
            }
        }
        return new Cluster(null, nodes.values(), partitions, Set.of(), Set.of());
    }

    @Override
    public void close() {
        partitioner.close();
    }

    /** The Kafka clusters built from one Sluice view, one per topic asked for. */
    private static final class Snapshot {
        final ClusterView view;
        final Map<String, Cluster> byTopic = new ConcurrentHashMap<>();

        Snapshot(ClusterView view) {
            this.view = view;
        }
    }
}
