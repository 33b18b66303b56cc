package io.sluice.producer.internal;

import io.sluice.producer.Node;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.protocol.types.Uuid;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds cluster snapshots for tests. */
public final class TestClusters {
    private TestClusters() {}

    /** A cluster of {@code brokers} nodes (ids 0..n-1) with the topic's partitions led round-robin. */
    public static Cluster of(int brokers, String topic, int partitions) {
        return builder(brokers).topic(topic, partitions).build();
    }

    public static Builder builder(int brokers) {
        return new Builder(brokers);
    }

    public static final class Builder {
        private final List<Node> nodes = new ArrayList<>();
        private final List<Cluster.TopicMetadata> topics = new ArrayList<>();
        private final java.util.Set<String> unauthorized = new java.util.HashSet<>();

        Builder(int brokers) {
            for (int i = 0; i < brokers; i++) {
                nodes.add(new Node(i, "broker" + i, 9092, null));
            }
        }

        public Builder topic(String name, int partitions) {
            return topic(name, partitions, -2);
        }

        /** {@code leaderless} is a partition with no leader, or -2 for none. */
        public Builder topic(String name, int partitions, int leaderless) {
            List<Cluster.PartitionState> states = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                int leader = p == leaderless ? -1 : p % nodes.size();
                states.add(
                        new Cluster.PartitionState(p, leader, 0, new int[] {leader}, new int[] {leader}, new int[0]));
            }
            topics.add(new Cluster.TopicMetadata(name, new Uuid(1, name.hashCode()), states));
            return this;
        }

        public Builder unauthorized(String topic) {
            unauthorized.add(topic);
            return this;
        }

        public Cluster build() {
            return new Cluster("test-cluster", nodes, topics, unauthorized, Set.of());
        }
    }
}
