package io.sluice.testkit.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * A test cluster's own admin client, created on first use, and what both clusters ask it: create and describe
 * topics, find a running leader, read and wait for ISRs. Every call is bounded by {@link #TIMEOUT} or a caller's
 * deadline and fails with {@link IllegalStateException} naming what it tried.
 *
 * <p>Not API: see {@link io.sluice.testkit.internal}.
 */
public final class ClusterAdmin {
    /** The bound of one admin call, and of the waits that follow creating a topic and finding a leader. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ReentrantLock lock;
    private final Supplier<String> bootstrapServers;
    private final Map<String, Object> extraConfig;
    private volatile Admin admin;

    /**
     * @param lock the cluster's lifecycle lock, held while the client is created, so a client is never created
     *     while the cluster is being closed
     * @param bootstrapServers where the client connects; asked once, when the client is created
     * @param extraConfig admin client settings beside the bootstrap servers and the default API timeout
     */
    public ClusterAdmin(ReentrantLock lock, Supplier<String> bootstrapServers, Map<String, Object> extraConfig) {
        this.lock = lock;
        this.bootstrapServers = bootstrapServers;
        this.extraConfig = Map.copyOf(extraConfig);
    }

    /** The admin client, created on first use. */
    public Admin admin() {
        Admin current = admin;
        if (current == null) {
            lock.lock();
            try {
                if (admin == null) {
                    Map<String, Object> config = new LinkedHashMap<>();
                    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.get());
                    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
                    config.putAll(extraConfig);
                    admin = Admin.create(config);
                }
                current = admin;
            } finally {
                lock.unlock();
            }
        }
        return current;
    }

    /** Closes the client if it was ever created, waiting at most 5 s. */
    public void close() {
        Admin current = admin;
        if (current != null) {
            current.close(CLOSE_TIMEOUT);
        }
    }

    /** Creates a topic with the given topic configs; returns once the controller has accepted it. */
    public void createTopic(String topic, int partitions, int replicationFactor, Map<String, String> configs) {
        NewTopic newTopic = new NewTopic(topic, partitions, (short) replicationFactor).configs(configs);
        call(
                "create topic " + topic,
                () -> admin().createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The topic as the cluster describes it now. */
    public TopicDescription describe(String topic) {
        return call(
                "describe topic " + topic,
                () -> admin().describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic));
    }

    /** One partition of the topic as the cluster describes it now. */
    public TopicPartitionInfo partitionInfo(String topic, int partition) {
        return describe(topic).partitions().stream()
                .filter(info -> info.partition() == partition)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no partition " + partition + " in " + topic));
    }

    /** The in-sync replicas of a partition as the cluster reports them now. */
    public Set<Integer> isr(String topic, int partition) {
        return ids(partitionInfo(topic, partition).isr());
    }

    /**
     * Waits up to {@link #TIMEOUT} until the partition's leader is one of {@code runningBrokerIds} (asked anew on
     * every poll), and returns its id.
     */
    public int awaitRunningLeader(
            String topic, int partition, Supplier<? extends Collection<Integer>> runningBrokerIds) {
        int[] leader = {-1};
        Deadline.of(TIMEOUT).await("a running leader for " + topic + "-" + partition, () -> {
            Node node = partitionInfo(topic, partition).leader();
            leader[0] = node == null ? -1 : node.id();
            return runningBrokerIds.get().contains(leader[0]);
        });
        return leader[0];
    }

    /**
     * Waits until every partition of the topic has a leader and an ISR equal to its replica set as the cluster
     * describes it, and {@code seenByBrokers} accepts the same partitions.
     */
    public void awaitIsrFull(String topic, Duration timeout, Predicate<List<TopicPartitionInfo>> seenByBrokers) {
        Deadline.of(timeout).await("a full ISR on every partition of " + topic, () -> {
            List<TopicPartitionInfo> partitions = describe(topic).partitions();
            return isrFull(partitions) && seenByBrokers.test(partitions);
        });
    }

    /** Whether there is a partition and every one has a leader and an ISR equal to its replica set. */
    public static boolean isrFull(List<TopicPartitionInfo> partitions) {
        return !partitions.isEmpty()
                && partitions.stream()
                        .allMatch(
                                info -> info.leader() != null && ids(info.isr()).equals(ids(info.replicas())));
    }

    /** The ids of the nodes. */
    public static Set<Integer> ids(Collection<Node> nodes) {
        return nodes.stream().map(Node::id).collect(Collectors.toUnmodifiableSet());
    }

    /** An admin call that may throw what {@code Future.get} throws. */
    @FunctionalInterface
    public interface Action<T> {
        /** Makes the call and returns its result. */
        T run() throws Exception;
    }

    /**
     * Runs an admin call, turning its failure into an {@link IllegalStateException} that says what could not be done
     * (an {@link ExecutionException} is unwrapped to its cause; an interrupt is kept).
     */
    public static <T> T call(String what, Action<T> action) {
        try {
            return action.run();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not " + what + ": " + e, e);
        }
    }
}
