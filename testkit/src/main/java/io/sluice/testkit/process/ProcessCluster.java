package io.sluice.testkit.process;

import io.sluice.testkit.internal.ClusterAdmin;
import io.sluice.testkit.internal.Deadline;
import io.sluice.testkit.internal.Directories;
import io.sluice.testkit.internal.FreePorts;
import io.sluice.testkit.internal.ServerProperties;
import io.sluice.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * Real Apache Kafka brokers, each in its own JVM, each behind a {@link FaultProxy}: one controller (id 1000) and, by
 * default, three brokers (ids 1, 2, 3), in KRaft mode on 127.0.0.1 with free ports and a temporary data directory.
 * A test can {@code kill -9} a broker, pause it with SIGSTOP, resume it, and restart it on the same ports with its
 * data; and it can break the network between clients and any broker through that broker's proxy.
 *
 * <p>Each broker advertises its proxy's address to clients, so a client given {@link #bootstrapServers()} sends
 * everything through the proxies, also after it has discovered the cluster. Replication uses its own listener
 * without a proxy, and this class's admin calls and read-back checkers use a third one
 * ({@link #directBootstrapServers()}) that is never faulted and shuts a paused broker out, so proxy faults hit the
 * clients under test only and checking never hangs on a frozen broker.
 *
 * <p>Every wait has a deadline and throws {@link IllegalStateException} when it passes. Every node's process is
 * ended by its pid on {@link #close()}, by a shutdown hook if the JVM exits without closing, and by the node itself
 * if the JVM that started it dies. Thread-safe.
 *
 * <pre>{@code
 * try (ProcessCluster kafka = ProcessCluster.start()) {
 *     kafka.createTopic("orders", 1, 3, 2);             // RF 3, min.insync.replicas 2
 *     // ... a producer with bootstrap.servers = kafka.bootstrapServers() ...
 *     int leader = kafka.leader("orders", 0);
 *     kafka.killBroker(leader);                          // kill -9
 *     int next = kafka.leader("orders", 0);              // waits for a running leader
 *     kafka.proxy(next).latency(Direction.SERVER_TO_CLIENT, Duration.ofMillis(200));
 *     kafka.restartBroker(leader);
 *     kafka.awaitIsrFull("orders", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class ProcessCluster implements AutoCloseable {
    /** The controller's node id. */
    public static final int CONTROLLER_ID = ServerProperties.CONTROLLER_ID;

    private static final System.Logger LOG = System.getLogger(ProcessCluster.class.getName());
    /** One admin call inside a poll: short, so the poll retries rather than one call eating its whole deadline. */
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Settings settings;
    private final Path root;
    private final String clusterId = Uuid.randomUuid().toString();
    private final NodeProcess controller;
    private final Map<Integer, NodeProcess> brokers = new LinkedHashMap<>();
    private final Map<Integer, FaultProxy> proxies = new LinkedHashMap<>();
    /** Fault-free proxies in front of each CHECK listener that shut a paused broker out. */
    private final Map<Integer, FaultProxy> guards = new LinkedHashMap<>();

    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Thread killOnExit;
    private final ClusterAdmin admin = new ClusterAdmin(lifecycle, this::directBootstrapServers, adminConfig());
    private volatile boolean closed;
    private volatile Duration startDuration = Duration.ZERO;
    private volatile Duration lastRestartDuration = Duration.ZERO;

    private ProcessCluster(Settings settings, Path root) {
        this.settings = settings;
        this.root = root;
        int controllerPort = FreePorts.fixed();
        this.controller = new NodeProcess(
                CONTROLLER_ID,
                root,
                ProcessLayout.controller(controllerPort, settings.brokerCount, settings.controllerProperties));
        try {
            for (int id = 1; id <= settings.brokerCount; id++) {
                layOutBroker(id, controllerPort);
            }
        } catch (RuntimeException e) {
            closeProxies();
            throw e;
        }
        this.killOnExit = new Thread(this::killAllAndDelete, "sluice-process-cluster-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    private void layOutBroker(int id, int controllerPort) {
        ProcessLayout.BrokerPorts brokerPorts = ProcessLayout.freeBrokerPorts();
        FaultProxy proxy = FaultProxy.start(brokerPorts.clientAddress());
        proxies.put(id, proxy);
        FaultProxy guard = FaultProxy.start(brokerPorts.checkAddress());
        guards.put(id, guard);
        Map<String, String> config = ProcessLayout.broker(
                id,
                controllerPort,
                settings.brokerCount,
                brokerPorts,
                proxy.port(),
                guard.port(),
                settings.brokerProperties);
        brokers.put(id, new NodeProcess(id, root, config));
    }

    private void closeProxies() {
        proxies.values().forEach(FaultProxy::close);
        guards.values().forEach(FaultProxy::close);
    }

    /** Starts one controller and three brokers with default settings. */
    public static ProcessCluster start() {
        return builder().start();
    }

    /** A builder for a cluster with other settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The proxies' addresses, comma-separated in broker id order: what clients under test bootstrap from. */
    public String bootstrapServers() {
        return proxies.values().stream().map(FaultProxy::address).collect(Collectors.joining(","));
    }

    /**
     * Addresses that bypass the fault proxies, comma-separated in broker id order: for checkers that must see what
     * the brokers stored whatever faults are on. A paused broker resets these connections at once rather than
     * leaving a checker's request hanging, so checkers move on to the running brokers.
     */
    public String directBootstrapServers() {
        return guards.values().stream().map(FaultProxy::address).collect(Collectors.joining(","));
    }

    /** The proxy in front of a broker; it lives as long as the cluster, across the broker's restarts. */
    public FaultProxy proxy(int brokerId) {
        broker(brokerId);
        return proxies.get(brokerId);
    }

    /** Every broker's proxy by broker id, in id order: for a fault on the whole cluster's network. */
    public Map<Integer, FaultProxy> proxies() {
        return Collections.unmodifiableMap(proxies);
    }

    /** Switches every fault off on every proxy. */
    public void clearFaults() {
        proxies.values().forEach(FaultProxy::clearFaults);
    }

    /** Every broker id, in ascending order. */
    public List<Integer> brokerIds() {
        return List.copyOf(brokers.keySet());
    }

    /** The brokers whose JVM is alive and not paused, in ascending order. */
    public List<Integer> runningBrokerIds() {
        return brokers.values().stream()
                .filter(NodeProcess::isRunning)
                .map(NodeProcess::id)
                .toList();
    }

    /** Whether the broker's JVM is alive (it may be paused). */
    public boolean isAlive(int brokerId) {
        return broker(brokerId).isAlive();
    }

    /** Whether the broker is paused by {@link #pauseBroker(int)}. */
    public boolean isPaused(int brokerId) {
        return broker(brokerId).isPaused();
    }

    /** The process id of a broker's current JVM; changes on restart. */
    public long pid(int brokerId) {
        return broker(brokerId).pid();
    }

    /** The process id of the controller's JVM. */
    public long controllerPid() {
        return controller.pid();
    }

    /** {@code kill -9}: the broker's JVM ends at once, without a controlled shutdown. Returns when it is gone. */
    public void killBroker(int brokerId) {
        NodeProcess node = broker(brokerId);
        withLifecycle(() -> {
            node.kill(settings.shutdownTimeout);
            admitChecks(brokerId);
        });
    }

    /** SIGTERM: a controlled shutdown that moves leadership away first; bounded by the shutdown timeout. */
    public void stopBroker(int brokerId) {
        NodeProcess node = broker(brokerId);
        withLifecycle(() -> {
            node.stop(settings.shutdownTimeout);
            admitChecks(brokerId);
        });
    }

    /** SIGSTOP: the broker's JVM freezes with its sockets open, until {@link #resumeBroker(int)}. */
    public void pauseBroker(int brokerId) {
        NodeProcess node = broker(brokerId);
        withLifecycle(() -> {
            shutOutChecks(brokerId);
            node.pause();
        });
    }

    /** SIGCONT: a paused broker runs on. */
    public void resumeBroker(int brokerId) {
        NodeProcess node = broker(brokerId);
        withLifecycle(() -> {
            if (node.isPaused()) {
                node.resume();
            }
            admitChecks(brokerId);
        });
    }

    /**
     * Starts a broker that was killed or stopped again, on the same ports with its data, and waits until it is
     * registered and unfenced. Does nothing to a broker that is alive.
     */
    public void restartBroker(int brokerId) {
        NodeProcess node = broker(brokerId);
        withLifecycle(() -> {
            if (!node.isAlive()) {
                long began = System.nanoTime();
                node.launch(clusterId);
                node.awaitReady(Deadline.of(settings.startupTimeout));
                lastRestartDuration = Duration.ofNanos(System.nanoTime() - began);
            }
        });
    }

    /** Resumes paused brokers, restarts dead ones and clears every proxy fault: a clean slate for the next test. */
    public void restoreAll() {
        clearFaults();
        for (int id : brokerIds()) {
            resumeBroker(id);
            restartBroker(id);
        }
        awaitAllBrokersServing(settings.startupTimeout);
    }

    /**
     * Waits until the cluster counts every broker as alive and unfenced, e.g. after a resumed broker re-registers, so
     * that a topic with a replication factor of every broker can be created at once.
     */
    public void awaitAllBrokersServing(Duration timeout) {
        Set<Integer> all = Set.copyOf(brokerIds());
        Deadline.of(timeout).await("every broker to be unfenced", () -> all.equals(servingBrokerIds()));
    }

    /** The brokers the cluster counts as alive and unfenced now: a killed or paused one drops out ~2 s later. */
    public Set<Integer> servingBrokerIds() {
        return ClusterAdmin.call(
                "describe the cluster",
                () -> ClusterAdmin.ids(admin.admin()
                        .describeCluster()
                        .nodes()
                        .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
    }

    /** How long {@link Builder#start()} took, from the first launch until every broker served. */
    public Duration startDuration() {
        return startDuration;
    }

    /** How long the last {@link #restartBroker(int)} took, until the broker served again. */
    public Duration lastRestartDuration() {
        return lastRestartDuration;
    }

    /**
     * Creates a topic with {@code min.insync.replicas} set and waits until every partition has a leader.
     *
     * @param minInsyncReplicas {@code min.insync.replicas}; 0 keeps the broker default
     */
    public void createTopic(String topic, int partitions, int replicationFactor, int minInsyncReplicas) {
        Map<String, String> configs =
                minInsyncReplicas > 0 ? Map.of("min.insync.replicas", Integer.toString(minInsyncReplicas)) : Map.of();
        createTopic(topic, partitions, replicationFactor, configs);
    }

    /** Creates a topic with the given topic configs and waits until every partition has a leader. */
    public void createTopic(String topic, int partitions, int replicationFactor, Map<String, String> configs) {
        admin.createTopic(topic, partitions, replicationFactor, configs);
        Deadline.of(ClusterAdmin.TIMEOUT).await("a leader for every partition of " + topic, () -> {
            List<TopicPartitionInfo> infos = admin.describe(topic).partitions();
            return infos.size() == partitions && infos.stream().allMatch(info -> info.leader() != null);
        });
    }

    /**
     * Waits up to 30 s until the partition's leader is a running broker (alive, not paused), and returns its id.
     * Right after {@link #killBroker} or {@link #pauseBroker} this is the new leader once the controller has fenced
     * the old one, about 2 s later.
     */
    public int leader(String topic, int partition) {
        return admin.awaitRunningLeader(topic, partition, this::runningBrokerIds);
    }

    /** The in-sync replicas of a partition as the cluster reports them now. */
    public Set<Integer> isr(String topic, int partition) {
        return admin.isr(topic, partition);
    }

    /** Waits until the partition's ISR is exactly {@code expected}. */
    public void awaitIsr(String topic, int partition, Set<Integer> expected, Duration timeout) {
        Deadline.of(timeout)
                .await(
                        "ISR of " + topic + "-" + partition + " to be " + expected,
                        () -> isr(topic, partition).equals(expected));
    }

    /** Waits until every partition of the topic has a leader and an ISR equal to its replica set. */
    public void awaitIsrFull(String topic, Duration timeout) {
        admin.awaitIsrFull(topic, timeout, partitions -> true);
    }

    /** The directory holding every node's data, properties and log; deleted by {@link #close()}. */
    public Path dataRoot() {
        return root;
    }

    /** The end of a node's log (its stdout and stderr), for diagnosing a failure; 1000 is the controller. */
    public String logTail(int nodeId) {
        return nodeId == CONTROLLER_ID ? controller.logTail() : broker(nodeId).logTail();
    }

    /** Kills every node by its pid, closes the proxies and deletes the data directory. */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            admin.close();
            killAllAndDelete();
            closeProxies();
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway and finds nothing left to do.
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** Nothing is kept, so nothing needs a clean shutdown: SIGKILL for all, then wait for each, then delete. */
    private void killAllAndDelete() {
        List<NodeProcess> all =
                Stream.concat(brokers.values().stream(), Stream.of(controller)).toList();
        all.forEach(NodeProcess::killQuietly);
        for (NodeProcess node : all) {
            if (node.isAlive()) {
                LOG.log(Level.WARNING, "node " + node.id() + " (pid " + node.pid() + ") survived SIGKILL");
            }
        }
        Directories.deleteLogged(root, LOG);
    }

    private void startAll() {
        long began = System.nanoTime();
        Deadline deadline = Deadline.of(settings.startupTimeout);
        // All at once: most of a node's start is JVM warm-up; brokers retry until the controller answers.
        controller.launch(clusterId);
        brokers.values().forEach(node -> node.launch(clusterId));
        controller.awaitReady(deadline);
        for (NodeProcess node : brokers.values()) {
            node.awaitReady(deadline);
        }
        startDuration = Duration.ofNanos(System.nanoTime() - began);
        LOG.log(Level.DEBUG, "process cluster started in " + startDuration.toMillis() + " ms");
    }

    private void withLifecycle(Runnable action) {
        lifecycle.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the cluster is closed");
            }
            action.run();
        } finally {
            lifecycle.unlock();
        }
    }

    /** Checkers' connections to a paused broker are reset at once instead of hanging on the frozen JVM. */
    private void shutOutChecks(int brokerId) {
        FaultProxy guard = guards.get(brokerId);
        guard.resetNewConnections(true);
        guard.resetConnections();
    }

    /** A broker that runs again, or is gone (connections to it are refused anyway), takes checkers' connections. */
    private void admitChecks(int brokerId) {
        guards.get(brokerId).resetNewConnections(false);
    }

    private NodeProcess broker(int brokerId) {
        NodeProcess node = brokers.get(brokerId);
        if (node == null) {
            throw new IllegalArgumentException("no broker " + brokerId + "; brokers are " + brokerIds());
        }
        return node;
    }

    /** The checkers' admin client fails fast and reconnects soon: a broker may be down or shut out. */
    private static Map<String, Object> adminConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-process-cluster-admin");
        return config;
    }

    private record Settings(
            int brokerCount,
            Map<String, String> brokerProperties,
            Map<String, String> controllerProperties,
            Duration startupTimeout,
            Duration shutdownTimeout) {}

    /** Settings for a {@link ProcessCluster}; {@link #start()} starts it. */
    public static final class Builder {
        private int brokerCount = 3;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private final Map<String, String> controllerProperties = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(90);
        private Duration shutdownTimeout = Duration.ofSeconds(20);

        private Builder() {}

        /** How many brokers beside the controller; default 3. */
        public Builder brokers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("need at least one broker, got " + count);
            }
            brokerCount = count;
            return this;
        }

        /** A server property for every broker, applied after the kit's defaults. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        /** A server property for the controller, applied after the kit's defaults. */
        public Builder controllerProperty(String key, String value) {
            controllerProperties.put(key, value);
            return this;
        }

        /** How long starting the cluster, or restarting one broker, may take. Default 90 s. */
        public Builder startupTimeout(Duration timeout) {
            startupTimeout = timeout;
            return this;
        }

        /** How long a clean stop, or waiting for a killed JVM to vanish, may take. Default 20 s. */
        public Builder shutdownTimeout(Duration timeout) {
            shutdownTimeout = timeout;
            return this;
        }

        /**
         * Launches every node and returns when every broker serves; on failure, ends everything it launched. Ports
         * are picked free but bound seconds later by another process, so a start that failed because a port was
         * taken meanwhile is tried again, with new ports, up to {@value #BIND_ATTEMPTS} times.
         */
        public ProcessCluster start() {
            for (int attempt = 1; ; attempt++) {
                try {
                    return startOnce();
                } catch (RuntimeException e) {
                    if (attempt >= BIND_ATTEMPTS || !isPortTaken(e)) {
                        throw e;
                    }
                    LOG.log(System.Logger.Level.WARNING, "a port was taken before a node bound it; starting again", e);
                }
            }
        }

        private static final int BIND_ATTEMPTS = 3;

        private static boolean isPortTaken(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = String.valueOf(t.getMessage());
                if (m.contains("Address already in use") || m.contains("Unable to start acceptor")) {
                    return true;
                }
            }
            return false;
        }

        private ProcessCluster startOnce() {
            Settings settings = new Settings(
                    brokerCount,
                    Collections.unmodifiableMap(new LinkedHashMap<>(brokerProperties)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(controllerProperties)),
                    startupTimeout,
                    shutdownTimeout);
            Path root;
            try {
                root = Files.createTempDirectory("sluice-processes-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ProcessCluster cluster = null;
            try {
                cluster = new ProcessCluster(settings, root);
                cluster.startAll();
                return cluster;
            } catch (RuntimeException | Error e) {
                if (cluster != null) {
                    cluster.close();
                } else {
                    Directories.deleteLogged(root, LOG);
                }
                throw e;
            }
        }
    }
}
