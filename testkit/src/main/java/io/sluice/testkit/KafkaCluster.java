package io.sluice.testkit;

import io.sluice.testkit.internal.ClusterAdmin;
import io.sluice.testkit.internal.Deadline;
import io.sluice.testkit.internal.Directories;
import io.sluice.testkit.internal.ServerProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.LeaderAndIsr;

/**
 * Real Apache Kafka brokers running in this JVM, in KRaft mode, bound to 127.0.0.1 on free ports, with their data in
 * a temporary directory that {@link #close()} deletes.
 *
 * <p>Two shapes: {@link #singleNode()} is one node that is both broker and controller (broker id 1);
 * {@link #threeBrokers()} is one controller (id 1000) and three brokers (ids 1, 2, 3) in separate roles, with a
 * 2 s broker session so a stopped broker can come back quickly. {@link #builder()} adds broker properties,
 * listeners and feature levels.
 *
 * <p>Every method that waits for the cluster takes or uses a deadline and throws {@link IllegalStateException} when
 * it passes, so a broker that fails cannot hang a test. If a broker meets a fatal fault, the JVM is not halted: the
 * fault is logged at ERROR, the Kafka thread that met it gets an exception, and {@link SharedKafka} fails the test
 * that was running. Thread-safe.
 *
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.threeBrokers()) {
 *     kafka.createTopic("orders", 3, 3, 2);            // 3 partitions, RF 3, min.insync.replicas 2
 *     int leader = kafka.leader("orders", 0);
 *     kafka.stopBroker(leader);
 *     // ... produce with acks=all to kafka.bootstrapServers() ...
 *     kafka.restartBroker(leader);
 *     kafka.awaitIsrFull("orders", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class KafkaCluster implements AutoCloseable {
    /** The plaintext listener every broker has; {@link #bootstrapServers()} points at it. */
    public static final String PLAINTEXT_LISTENER = "PLAINTEXT";

    private static final System.Logger LOG = System.getLogger(KafkaCluster.class.getName());
    private static final AtomicLong TOPIC_SEQUENCE = new AtomicLong();

    private final ClusterSpec settings;
    private final Path dataRoot;
    private final List<KafkaNode> controllers;
    private final Map<Integer, KafkaNode> brokers;
    private final ReentrantLock lifecycle = new ReentrantLock();
    /** Deletes the data directory if the JVM ends without {@link #close()}, e.g. when a test run is killed. */
    private final Thread deleteOnExit;

    private final ClusterAdmin admin = new ClusterAdmin(
            lifecycle, this::bootstrapServers, Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    private volatile boolean closed;

    private KafkaCluster(ClusterSpec settings, Path dataRoot, ClusterLayout.Nodes nodes) {
        this.settings = settings;
        this.dataRoot = dataRoot;
        this.controllers = nodes.controllers();
        this.brokers = nodes.brokers();
        this.deleteOnExit = new Thread(this::deleteDataLogged, "sluice-testkit-delete-" + dataRoot.getFileName());
        Runtime.getRuntime().addShutdownHook(deleteOnExit);
    }

    /** Starts one combined broker+controller node with default settings. */
    public static KafkaCluster singleNode() {
        return builder().brokers(1).start();
    }

    /**
     * Starts one controller and three brokers with default settings, broker N in rack {@code rack-N} so rack-aware
     * clients can be tested on it.
     */
    public static KafkaCluster threeBrokers() {
        return builder().brokers(3).brokerRacks("rack-1", "rack-2", "rack-3").start();
    }

    /** A builder for a cluster with extra settings; {@link Builder#start()} starts it. */
    public static Builder builder() {
        return new Builder();
    }

    /** A topic name no other call in this JVM returns: {@code prefix} followed by a sequence number. */
    public static String uniqueTopicName(String prefix) {
        return prefix + "-" + TOPIC_SEQUENCE.incrementAndGet();
    }

    /** {@code host:port} of every broker's plaintext listener, comma-separated, in broker id order. */
    public String bootstrapServers() {
        return bootstrapServers(PLAINTEXT_LISTENER);
    }

    /**
     * {@code host:port} of every broker's listener called {@code listenerName}, comma-separated, in broker id order.
     * Stopped brokers are included: a restarted broker keeps its ports.
     */
    public String bootstrapServers(String listenerName) {
        return brokers.values().stream()
                .map(node -> "127.0.0.1:" + node.port(listenerName))
                .collect(Collectors.joining(","));
    }

    /** The ids of all brokers, running or stopped, in ascending order. */
    public List<Integer> brokerIds() {
        return List.copyOf(brokers.keySet());
    }

    /** The ids of the brokers that are running now, in ascending order. */
    public List<Integer> runningBrokerIds() {
        return brokers.values().stream()
                .filter(KafkaNode::isRunning)
                .map(KafkaNode::id)
                .toList();
    }

    /** Creates a topic with the broker's defaults for its configs. */
    public void createTopic(String topic, int partitions, int replicationFactor) {
        createTopic(topic, partitions, replicationFactor, Map.of());
    }

    /** Creates a topic with {@code min.insync.replicas} set. */
    public void createTopic(String topic, int partitions, int replicationFactor, int minInsyncReplicas) {
        createTopic(topic, partitions, replicationFactor, Map.of("min.insync.replicas", minInsyncReplicas + ""));
    }

    /**
     * Creates a topic with the given topic configs, then waits until every running broker knows every partition and
     * its leader, so a client may produce at once.
     */
    public void createTopic(String topic, int partitions, int replicationFactor, Map<String, String> configs) {
        admin.createTopic(topic, partitions, replicationFactor, configs);
        Deadline.of(ClusterAdmin.TIMEOUT)
                .await("topic " + topic + " to reach every running broker", () -> knownEverywhere(topic, partitions));
    }

    /**
     * Waits up to 30 s until the partition has a leader among the running brokers, and returns its broker id. Right
     * after {@link #stopBroker} this is the new leader, never the stopped one.
     */
    public int leader(String topic, int partition) {
        return admin.awaitRunningLeader(topic, partition, this::runningBrokerIds);
    }

    /** The in-sync replicas of a partition as the cluster reports them now. */
    public Set<Integer> isr(String topic, int partition) {
        return admin.isr(topic, partition);
    }

    /**
     * Waits until every partition of the topic has a leader and an ISR equal to its replica set, as seen by the
     * cluster and by every running broker.
     */
    public void awaitIsrFull(String topic, Duration timeout) {
        admin.awaitIsrFull(topic, timeout, partitions -> isrSeenByEveryRunningBroker(topic, partitions));
    }

    /** The temporary directory holding every node's data; deleted by {@link #close()}. */
    Path dataRoot() {
        return dataRoot;
    }

    /** Shuts a broker down cleanly (controlled shutdown: its leaderships move away first). */
    public void stopBroker(int brokerId) {
        KafkaNode node = broker(brokerId);
        if (node.role() == KafkaNode.Role.COMBINED) {
            throw new UnsupportedOperationException("the single node is also the controller; it cannot be stopped");
        }
        lifecycle.lock();
        try {
            node.stop(settings.shutdownTimeout());
        } finally {
            lifecycle.unlock();
        }
    }

    /** Starts a stopped broker again on its old ports and data, and waits until it is registered and unfenced. */
    public void restartBroker(int brokerId) {
        KafkaNode node = broker(brokerId);
        lifecycle.lock();
        try {
            if (!node.isRunning()) {
                node.start(settings.startupTimeout(), settings.shutdownTimeout());
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** Restarts every stopped broker; shared clusters use it so one test's stopped broker does not leak. */
    public void restartStoppedBrokers() {
        for (int id : brokerIds()) {
            restartBroker(id);
        }
    }

    /** Stops every node, each within the shutdown deadline, and deletes the data directory. */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            admin.close();
            for (KafkaNode node : brokers.values()) {
                stopLogged(node);
            }
            for (KafkaNode node : controllers) {
                stopLogged(node);
            }
            deleteDataLogged();
            removeDeleteOnExit();
        } finally {
            lifecycle.unlock();
        }
    }

    private void stopLogged(KafkaNode node) {
        try {
            node.stop(settings.shutdownTimeout());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node " + node.id() + " did not stop cleanly", e);
        }
    }

    private void removeDeleteOnExit() {
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway and finds nothing left to delete.
        }
    }

    private void deleteDataLogged() {
        Directories.deleteLogged(dataRoot, LOG);
    }

    private KafkaNode broker(int brokerId) {
        KafkaNode node = brokers.get(brokerId);
        if (node == null) {
            throw new IllegalArgumentException("no broker " + brokerId + "; brokers are " + brokerIds());
        }
        return node;
    }

    private boolean knownEverywhere(String topic, int partitions) {
        for (KafkaNode node : brokers.values()) {
            Optional<BrokerServer> broker = node.brokerServer();
            if (broker.isEmpty()) {
                continue;
            }
            var cache = broker.get().metadataCache();
            if (!cache.numPartitions(topic).equals(Optional.of(partitions))) {
                return false;
            }
            for (int p = 0; p < partitions; p++) {
                Optional<LeaderAndIsr> state = cache.getLeaderAndIsr(topic, p);
                if (state.isEmpty() || state.get().leader() < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether every running broker's metadata cache holds the full replica set as each partition's ISR. */
    private boolean isrSeenByEveryRunningBroker(String topic, List<TopicPartitionInfo> partitions) {
        for (TopicPartitionInfo info : partitions) {
            Set<Integer> replicas = ClusterAdmin.ids(info.replicas());
            for (KafkaNode node : brokers.values()) {
                Optional<BrokerServer> broker = node.brokerServer();
                if (broker.isPresent()) {
                    Optional<LeaderAndIsr> seen = broker.get().metadataCache().getLeaderAndIsr(topic, info.partition());
                    if (seen.isEmpty() || !new HashSet<>(seen.get().isr()).equals(replicas)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Settings for a {@link KafkaCluster}. The defaults give one combined node with small thread pools and buffers
     * that fit a test JVM with a small heap.
     */
    public static final class Builder {
        private int brokerCount = 1;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private final List<String> brokerRacks = new ArrayList<>();
        private final Map<String, String> controllerProperties = new LinkedHashMap<>();
        private final Map<String, String> extraListeners = new LinkedHashMap<>();
        private final Map<String, Short> featureLevels = new LinkedHashMap<>();
        private final List<String> scramCredentials = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        private Builder() {}

        /**
         * How many brokers: 1 (the default) gives one combined broker+controller node; more gives one separate
         * controller and that many brokers, with {@code broker.session.timeout.ms=2000} and
         * {@code broker.heartbeat.interval.ms=500}.
         */
        public Builder brokers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("need at least one broker, got " + count);
            }
            this.brokerCount = count;
            return this;
        }

        /** A server property for every broker (and the combined node), applied after the kit's defaults. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        /** Server properties for every broker, applied after the kit's defaults. */
        public Builder brokerProperties(Map<String, String> properties) {
            brokerProperties.putAll(properties);
            return this;
        }

        /**
         * The {@code broker.rack} of each separate broker, in broker id order ({@code brokerRacks("a", "b")} puts
         * broker 1 in rack a and broker 2 in rack b); brokers beyond the list have no rack.
         */
        public Builder brokerRacks(String... racks) {
            brokerRacks.clear();
            brokerRacks.addAll(List.of(racks));
            return this;
        }

        /**
         * A server property for the controller (and the combined node), applied after the kit's defaults. Topic
         * defaults such as {@code num.partitions} and {@code default.replication.factor} belong here: the controller
         * applies them.
         */
        public Builder controllerProperty(String key, String value) {
            controllerProperties.put(key, value);
            return this;
        }

        /**
         * Adds a broker listener on a free port of 127.0.0.1, e.g. {@code listener("SASL_PLAINTEXT",
         * "SASL_PLAINTEXT")}. Configure it with {@link #brokerProperty} ({@code listener.name.<name>.*} and
         * friends); clients find it with {@link KafkaCluster#bootstrapServers(String)}.
         */
        public Builder listener(String name, String securityProtocol) {
            String upper = name.toUpperCase(java.util.Locale.ROOT);
            if (upper.equals(PLAINTEXT_LISTENER) || upper.equals(ServerProperties.CONTROLLER_LISTENER)) {
                throw new IllegalArgumentException("listener " + name + " is built in");
            }
            extraListeners.put(upper, securityProtocol);
            return this;
        }

        /**
         * The finalized level of a feature written at format time, e.g. {@code feature("transaction.version", 1)}.
         * Unset features take the release's default level.
         */
        public Builder feature(String name, int level) {
            featureLevels.put(name, (short) level);
            return this;
        }

        /**
         * A SCRAM user created at format time, so it exists before any client connects; e.g.
         * {@code scramUser("SCRAM-SHA-256", "alice", "alice-secret")}. Enable the mechanism on a listener with
         * {@link #brokerProperty}.
         */
        public Builder scramUser(String mechanism, String user, String password) {
            if (user.contains(",") || user.contains("]") || password.contains(",") || password.contains("]")) {
                throw new IllegalArgumentException("user and password must not contain ',' or ']'");
            }
            scramCredentials.add(mechanism + "=[name=" + user + ",password=" + password + "]");
            return this;
        }

        /** Shorthand for {@code feature("transaction.version", level)}. */
        public Builder transactionVersion(int level) {
            return feature("transaction.version", level);
        }

        /** How long starting the cluster, or restarting one broker, may take. Default 60 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** How long stopping one node may take before it is abandoned. Default 30 s. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /** Formats storage and starts every node; returns when every broker is serving. */
        public KafkaCluster start() {
            ExitGuard.install();
            ClusterSpec spec = new ClusterSpec(
                    brokerCount,
                    brokerProperties,
                    brokerRacks,
                    controllerProperties,
                    extraListeners,
                    featureLevels,
                    scramCredentials,
                    startupTimeout,
                    shutdownTimeout);
            Path dataRoot = createDataRoot();
            try {
                KafkaCluster cluster = new KafkaCluster(spec, dataRoot, ClusterLayout.layOut(spec, dataRoot));
                cluster.startAll();
                return cluster;
            } catch (RuntimeException | Error e) {
                try {
                    Directories.deleteRecursively(dataRoot);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        private static Path createDataRoot() {
            try {
                return Files.createTempDirectory("sluice-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void startAll() {
        String clusterId = Uuid.randomUuid().toString();
        try {
            for (KafkaNode node : controllers) {
                node.format(clusterId, settings.featureLevels(), settings.scramCredentials());
            }
            for (KafkaNode node : brokers.values()) {
                if (node.role() == KafkaNode.Role.BROKER) {
                    node.format(clusterId, settings.featureLevels(), settings.scramCredentials());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not format storage: " + e, e);
        }
        try {
            for (KafkaNode node : controllers) {
                node.start(settings.startupTimeout(), settings.shutdownTimeout());
            }
            startBrokersInParallel();
        } catch (RuntimeException e) {
            closeAfterFailedStart(e);
            throw e;
        }
    }

    /** Brokers start side by side: most of a broker's start is waiting for the controller, not work. */
    private void startBrokersInParallel() {
        List<KafkaNode> separate = brokers.values().stream()
                .filter(node -> node.role() == KafkaNode.Role.BROKER)
                .toList();
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        for (KafkaNode node : separate) {
            Thread thread = new Thread(
                    () -> {
                        try {
                            node.start(settings.startupTimeout(), settings.shutdownTimeout());
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    },
                    "sluice-testkit-start-broker-" + node.id());
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        Deadline deadline = Deadline.of(settings.worstCaseStart().plusSeconds(5));
        for (Thread thread : threads) {
            deadline.join(thread);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void closeAfterFailedStart(RuntimeException cause) {
        try {
            close();
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
