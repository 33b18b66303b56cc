package io.sluice.producer.internal.metadata;

import io.sluice.producer.Node;
import io.sluice.producer.PartitionInfo;
import io.sluice.producer.partition.ClusterView;
import io.sluice.protocol.types.Uuid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of cluster metadata: brokers, topics with their ids, and per partition the leader,
 * leader epoch, replicas and in-sync replicas.
 *
 * <p>Lookups the producer does per record ({@link #partitionCount(String)}, {@link #leaderFor(String, int)}) are
 * hash lookups plus an array index, without allocation. Per-topic and per-node views are built once, in the
 * constructor.
 */
public final class Cluster implements ClusterView {
    private static final Cluster EMPTY = new Cluster(null, List.of(), List.of(), Set.of(), Set.of());

    private final String clusterId;
    private final Map<Integer, Node> nodesById;
    private final List<Node> nodes;
    private final Map<String, TopicInfo> topics;
    private final Map<Integer, List<TopicPartitionRef>> partitionsByNode;
    private final Set<String> unauthorizedTopics;
    private final Set<String> invalidTopics;

    /** One partition as metadata describes it. {@code leaderId} is {@code -1} when there is no leader. */
    public record PartitionState(
            int partition, int leaderId, int leaderEpoch, int[] replicas, int[] isr, int[] offlineReplicas) {}

    /**
     * One topic: its id and its partitions, indexed by partition number (a missing partition is {@code null}).
     */
    public record TopicMetadata(String name, Uuid topicId, List<PartitionState> partitions) {}

    /** A topic-partition led by a node, as returned by {@link #partitionsLedBy(int)}. */
    public record TopicPartitionRef(String topic, int partition) {}

    private record TopicInfo(
            Uuid id, PartitionState[] partitions, List<PartitionInfo> all, List<PartitionInfo> available) {}

    /**
     * Builds a snapshot.
     *
     * @param clusterId the cluster id, may be null
     * @param nodes the brokers
     * @param topics the topics known
     * @param unauthorizedTopics topics the broker said we may not describe
     * @param invalidTopics topics whose names the broker rejected
     */
    public Cluster(
            String clusterId,
            List<Node> nodes,
            List<TopicMetadata> topics,
            Set<String> unauthorizedTopics,
            Set<String> invalidTopics) {
        this.clusterId = clusterId;
        this.nodes = List.copyOf(nodes);
        Map<Integer, Node> byId = new HashMap<>();
        for (Node n : nodes) {
            byId.put(n.id(), n);
        }
        this.nodesById = Map.copyOf(byId);
        Map<String, TopicInfo> byName = new HashMap<>();
        Map<Integer, List<TopicPartitionRef>> byNode = new HashMap<>();
        for (TopicMetadata t : topics) {
            byName.put(t.name(), buildTopic(t, byNode));
        }
        this.topics = Map.copyOf(byName);
        byNode.replaceAll((k, v) -> List.copyOf(v));
        this.partitionsByNode = Map.copyOf(byNode);
        this.unauthorizedTopics = Set.copyOf(unauthorizedTopics);
        this.invalidTopics = Set.copyOf(invalidTopics);
    }

    private TopicInfo buildTopic(TopicMetadata t, Map<Integer, List<TopicPartitionRef>> byNode) {
        int count = 0;
        for (PartitionState p : t.partitions()) {
            count = Math.max(count, p.partition() + 1);
        }
        PartitionState[] states = new PartitionState[count];
        List<PartitionInfo> all = new ArrayList<>(count);
        List<PartitionInfo> available = new ArrayList<>(count);
        for (PartitionState p : t.partitions()) {
            states[p.partition()] = p;
            Node leader = nodesById.get(p.leaderId());
            PartitionInfo info = new PartitionInfo(
                    t.name(),
                    p.partition(),
                    leader,
                    toNodes(p.replicas()),
                    toNodes(p.isr()),
                    toNodes(p.offlineReplicas()));
            all.add(info);
            if (leader != null) {
                available.add(info);
                byNode.computeIfAbsent(leader.id(), k -> new ArrayList<>())
                        .add(new TopicPartitionRef(t.name(), p.partition()));
            }
        }
        return new TopicInfo(
                t.topicId() == null ? Uuid.ZERO : t.topicId(),
                states,
                Collections.unmodifiableList(all),
                Collections.unmodifiableList(available));
    }

    private List<Node> toNodes(int[] ids) {
        if (ids == null) {
            return List.of();
        }
        List<Node> result = new ArrayList<>(ids.length);
        for (int id : ids) {
            Node n = nodesById.get(id);
            result.add(n != null ? n : new Node(id, "", -1, null));
        }
        return result;
    }

    /** Returns the snapshot that knows nothing, used before the first metadata answer. */
    public static Cluster empty() {
        return EMPTY;
    }

    /** Returns the cluster id, or {@code null} when unknown. */
    public String clusterId() {
        return clusterId;
    }

    /** Returns every broker. */
    public List<Node> nodes() {
        return nodes;
    }

    /** Returns the broker with the id, or {@code null}. */
    public Node node(int id) {
        return nodesById.get(id);
    }

    /** Returns whether the topic's metadata is known. */
    public boolean hasTopic(String topic) {
        return topics.containsKey(topic);
    }

    /** Returns the names of all known topics. */
    public Set<String> topics() {
        return topics.keySet();
    }

    /** Returns the topic's id, or {@code null} when the topic is unknown. */
    public Uuid topicId(String topic) {
        TopicInfo t = topics.get(topic);
        return t == null ? null : t.id();
    }

    /** Returns the number of partitions of the topic, or {@code -1} when the topic is unknown. */
    @Override
    public int partitionCount(String topic) {
        TopicInfo t = topics.get(topic);
        return t == null ? -1 : t.partitions().length;
    }

    /** Returns the leader's broker id, or {@code -1} when there is none or the partition is unknown. */
    public int leaderFor(String topic, int partition) {
        PartitionState p = partitionState(topic, partition);
        return p == null ? Node.NO_NODE_ID : p.leaderId();
    }

    /** Returns the leader epoch, or {@code -1} when unknown. */
    public int leaderEpoch(String topic, int partition) {
        PartitionState p = partitionState(topic, partition);
        return p == null ? -1 : p.leaderEpoch();
    }

    /** Returns the partition's state, or {@code null} when unknown. */
    public PartitionState partitionState(String topic, int partition) {
        TopicInfo t = topics.get(topic);
        if (t == null || partition < 0 || partition >= t.partitions().length) {
            return null;
        }
        return t.partitions()[partition];
    }

    /** Returns the partitions of the topic (empty when unknown), ordered by partition number. */
    @Override
    public List<PartitionInfo> partitionsForTopic(String topic) {
        TopicInfo t = topics.get(topic);
        return t == null ? List.of() : t.all();
    }

    /** Returns the partitions of the topic that have a leader. */
    @Override
    public List<PartitionInfo> availablePartitionsForTopic(String topic) {
        TopicInfo t = topics.get(topic);
        return t == null ? List.of() : t.available();
    }

    /** Returns the partitions whose leader is the broker. */
    public List<TopicPartitionRef> partitionsLedBy(int nodeId) {
        return partitionsByNode.getOrDefault(nodeId, List.of());
    }

    /** Returns whether the broker said we may not describe the topic. */
    public boolean isUnauthorized(String topic) {
        return unauthorizedTopics.contains(topic);
    }

    /** Returns whether the broker rejected the topic's name. */
    public boolean isInvalid(String topic) {
        return invalidTopics.contains(topic);
    }

    /** Returns the topics the broker said we may not describe. */
    public Set<String> unauthorizedTopics() {
        return unauthorizedTopics;
    }

    /** Returns the topics whose names the broker rejected. */
    public Set<String> invalidTopics() {
        return invalidTopics;
    }

    @Override
    public String toString() {
        return "Cluster(id=" + clusterId + ", nodes=" + nodes + ", topics=" + topics.keySet() + ")";
    }
}
