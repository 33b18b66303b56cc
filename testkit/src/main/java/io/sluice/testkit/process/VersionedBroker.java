package io.sluice.testkit.process;

import io.sluice.testkit.internal.ClusterAdmin;
import io.sluice.testkit.internal.Deadline;
import io.sluice.testkit.internal.Directories;
import io.sluice.testkit.internal.FreePorts;
import io.sluice.testkit.internal.ServerProperties;
import io.sluice.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Uuid;

/**
 * One Apache Kafka node of any version (a combined KRaft broker and controller, id 1, on 127.0.0.1), started in its
 * own JVM from that version's own jars with Kafka's own entry points: {@code kafka.tools.StorageTool format}, then
 * {@code kafka.Kafka}. None of the kit's broker code runs in it, so a broker older or newer than the kit's own Kafka
 * version runs as it would in production. Clients reach it through a {@link FaultProxy} ({@link #bootstrapServers()});
 * admin calls and read-back checks use a listener of their own ({@link #directBootstrapServers()}).
 *
 * <pre>{@code
 * try (VersionedBroker kafka = VersionedBroker.builder(Path.of(System.getProperty("sluice.kafka-3.9.libs")))
 *         .feature("transaction.version", 1)
 *         .start()) {
 *     kafka.createTopic("orders", 3);
 *     // ... a producer with bootstrap.servers = kafka.bootstrapServers() ...
 *     kafka.setFeatureLevel("transaction.version", (short) 2);   // where the version supports it
 * }
 * }</pre>
 *
 * <p>The jar directory holds the broker's runtime jars and a logging backend: reload4j for Kafka 3.x, log4j 2 for
 * 4.x; both are configured at WARN on the node's log file ({@code node.log} in its data directory), which a failed
 * start quotes. The node ends with {@link #close()}, by a shutdown hook if the JVM exits unclosed, and by itself if
 * the JVM that started it dies ({@link ParentBoundMain}). Thread-safe.
 */
public final class VersionedBroker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VersionedBroker.class.getName());
    private static final int NODE_ID = 1;
    private static final String CLIENT_LISTENER = "CLIENT";
    private static final String CHECK_LISTENER = "CHECK";
    private static final Duration POLL_CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path libs;
    private final String kafkaVersion;
    private final Path root;
    private final NodeFiles files;
    private final FaultProxy proxy;
    private final int checkPort;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final ClusterAdmin admin;
    private final Thread killOnExit;
    private volatile Process process;
    private volatile boolean closed;

    private VersionedBroker(Builder builder, Path root) {
        this.libs = builder.libs;
        this.kafkaVersion = kafkaVersion(builder.libs);
        this.root = root;
        this.checkPort = FreePorts.fixed();
        int clientPort = FreePorts.fixed();
        int controllerPort = FreePorts.fixed();
        this.proxy = FaultProxy.start(new InetSocketAddress(ServerProperties.HOST, clientPort));
        try {
            this.files = NodeFiles.write(root, config(builder, clientPort, controllerPort));
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        this.admin = new ClusterAdmin(lifecycle, this::directBootstrapServers, Map.of());
        this.killOnExit = new Thread(this::killAndDelete, "sluice-versioned-broker-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** A builder for a node from the jars in {@code libs}, e.g. the {@code target/kafka-libs} of a Maven module. */
    public static Builder builder(Path libs) {
        return new Builder(libs);
    }

    /** The Kafka version of the jars, read from the name of the {@code kafka_2.13} jar, e.g. {@code 3.9.1}. */
    public String kafkaVersion() {
        return kafkaVersion;
    }

    /** The proxy's address: what clients under test bootstrap from, and what the broker advertises to them. */
    public String bootstrapServers() {
        return proxy.address();
    }

    /** The broker's own address on a listener no proxy sits in front of: for admin calls and read-back checks. */
    public String directBootstrapServers() {
        return ServerProperties.HOST + ":" + checkPort;
    }

    /** The proxy in front of the client listener, to break the network between clients and the broker. */
    public FaultProxy proxy() {
        return proxy;
    }

    /** The last lines of the node's log (WARN and above), for a failure message. */
    public String logTail() {
        return files.logTail();
    }

    /** Creates a topic with replication factor 1 and waits until every partition has a leader. */
    public void createTopic(String topic, int partitions) {
        admin.createTopic(topic, partitions, 1, Map.of());
        Deadline.of(ClusterAdmin.TIMEOUT)
                .await(
                        "a leader for every partition of " + topic,
                        () -> admin.describe(topic).partitions().stream().allMatch(p -> p.leader() != null));
    }

    /** The finalized level of a cluster feature as the broker reports it now; 0 when it is not finalized. */
    public short finalizedLevel(String feature) {
        FinalizedVersionRange range = features().finalizedFeatures().get(feature);
        return range == null ? 0 : range.maxVersionLevel();
    }

    /** The highest level of a feature the broker's software supports; 0 when it does not know the feature. */
    public short supportedMaxLevel(String feature) {
        SupportedVersionRange range = features().supportedFeatures().get(feature);
        return range == null ? 0 : range.maxVersion();
    }

    /**
     * Finalizes a feature at {@code level} (an upgrade, or a safe downgrade) and waits until the broker's ApiVersions
     * answers report it, so a client connecting afterwards sees the new level.
     */
    public void setFeatureLevel(String feature, short level) {
        short current = finalizedLevel(feature);
        if (current == level) {
            return;
        }
        FeatureUpdate.UpgradeType type =
                level > current ? FeatureUpdate.UpgradeType.UPGRADE : FeatureUpdate.UpgradeType.SAFE_DOWNGRADE;
        ClusterAdmin.call(
                "set " + feature + " to " + level,
                () -> admin.admin()
                        .updateFeatures(Map.of(feature, new FeatureUpdate(level, type)), new UpdateFeaturesOptions())
                        .all()
                        .get(ClusterAdmin.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        Deadline.of(ClusterAdmin.TIMEOUT)
                .await(feature + " finalized at " + level, () -> finalizedLevel(feature) == level);
    }

    private FeatureMetadata features() {
        return ClusterAdmin.call(
                "describe the features of Kafka " + kafkaVersion,
                () -> admin.admin()
                        .describeFeatures()
                        .featureMetadata()
                        .get(ClusterAdmin.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void start(Builder builder) {
        List<String> format = new ArrayList<>(List.of(
                "kafka.tools.StorageTool",
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                files.serverProperties().toString()));
        builder.features.forEach((name, level) -> {
            format.add("--feature");
            format.add(name + "=" + level);
        });
        runToCompletion(format, builder.startupTimeout);
        process = launch(List.of("kafka.Kafka", files.serverProperties().toString()));
        awaitServing(Deadline.of(builder.startupTimeout));
    }

    /** Runs one of the version's tools in its own JVM and waits for it to succeed. */
    private void runToCompletion(List<String> mainAndArgs, Duration timeout) {
        Process tool = launch(mainAndArgs);
        try {
            if (!tool.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                tool.destroyForcibly();
                throw new IllegalStateException(mainAndArgs.get(0) + " of Kafka " + kafkaVersion + " did not finish in "
                        + timeout + "; end of " + files.log() + ":\n" + files.logTail());
            }
        } catch (InterruptedException e) {
            tool.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + mainAndArgs.get(0), e);
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException(mainAndArgs.get(0) + " of Kafka " + kafkaVersion + " exited with status "
                    + tool.exitValue() + "; end of " + files.log() + ":\n" + files.logTail());
        }
    }

    private Process launch(List<String> mainAndArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(NodeProcess.JVM_OPTIONS);
        command.add("-Dlog4j.configuration=" + files.log4j1Config().toUri());
        command.add("-Dlog4j2.configurationFile=" + files.log4j2Config());
        command.add("-cp");
        // The version's jars first; the kit's own classes only for ParentBoundMain, which needs nothing else.
        command.add(libs.resolve("*") + java.io.File.pathSeparator + kitLocation());
        command.add(ParentBoundMain.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.addAll(mainAndArgs);
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainAndArgs.get(0) + " of Kafka " + kafkaVersion, e);
        }
    }

    /** Serving means the broker lists itself as a live node, which a KRaft broker does once it is unfenced. */
    private void awaitServing(Deadline deadline) {
        while (!listsItself()) {
            Process current = process;
            if (!current.isAlive()) {
                throw new IllegalStateException("Kafka " + kafkaVersion + " exited with status " + current.exitValue()
                        + " while starting; end of " + files.log() + ":\n" + files.logTail());
            }
            if (deadline.passed()) {
                throw new IllegalStateException("Kafka " + kafkaVersion + " did not serve within its deadline; end of "
                        + files.log() + ":\n" + files.logTail());
            }
            Deadline.pause();
        }
    }

    private boolean listsItself() {
        try {
            return !admin.admin()
                    .describeCluster(new DescribeClusterOptions().timeoutMs((int) POLL_CALL_TIMEOUT.toMillis()))
                    .nodes()
                    .get(POLL_CALL_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS)
                    .isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for Kafka " + kafkaVersion, e);
        } catch (Exception notYet) {
            return false;
        }
    }

    /** Ends the node at once (its data is deleted, so there is nothing to shut down cleanly) and deletes its files. */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.unlock();
        }
        admin.close();
        killAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs or ran already.
        }
    }

    private void killAndDelete() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            try {
                current.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Kafka {0} (pid {1}) did not end: {2}",
                        kafkaVersion,
                        current.pid(),
                        e);
            }
        }
        proxy.close();
        Directories.deleteLogged(root, LOG);
    }

    /** The kit's small-broker defaults for one combined node, its three listeners, then the builder's properties. */
    private Map<String, String> config(Builder builder, int clientPort, int controllerPort) {
        Map<String, String> protocols = new LinkedHashMap<>();
        protocols.put(CLIENT_LISTENER, "PLAINTEXT");
        protocols.put(CHECK_LISTENER, "PLAINTEXT");
        protocols.put(ServerProperties.CONTROLLER_LISTENER, "PLAINTEXT");
        Map<String, String> config = ServerProperties.node(
                ServerProperties.common(protocols, NODE_ID, controllerPort, 1, false), "broker,controller", NODE_ID);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(CLIENT_LISTENER, clientPort);
        ports.put(CHECK_LISTENER, checkPort);
        ports.put(ServerProperties.CONTROLLER_LISTENER, controllerPort);
        config.put("listeners", ServerProperties.listeners(ports));
        config.put(
                "advertised.listeners",
                ServerProperties.listener(CLIENT_LISTENER, proxy.port()) + ","
                        + ServerProperties.listener(CHECK_LISTENER, checkPort));
        config.put("inter.broker.listener.name", CHECK_LISTENER);
        config.put("log.dirs", root.resolve("data").toString());
        config.putAll(builder.brokerProperties);
        return config;
    }

    private static String kafkaVersion(Path libs) {
        try (var names = Files.list(libs)) {
            return names.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("kafka_2.13-") && n.endsWith(".jar"))
                    .map(n -> n.substring("kafka_2.13-".length(), n.length() - ".jar".length()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no kafka_2.13 jar in " + libs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Kafka jars in " + libs, e);
        }
    }

    private static String kitLocation() {
        try {
            return Path.of(ParentBoundMain.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the testkit's classes", e);
        }
    }

    /** Settings of a {@link VersionedBroker}; {@link #start()} formats the storage and starts the node. */
    public static final class Builder {
        private final Path libs;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private final Map<String, Integer> features = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(90);

        private Builder(Path libs) {
            if (!Files.isDirectory(libs)) {
                throw new IllegalArgumentException("no Kafka jar directory at " + libs);
            }
            this.libs = libs;
        }

        /** A server property on top of the kit's defaults, e.g. {@code num.partitions}. */
        public Builder brokerProperty(String name, String value) {
            brokerProperties.put(name, value);
            return this;
        }

        /** A feature level the storage is formatted with ({@code --feature name=level}). */
        public Builder feature(String name, int level) {
            features.put(name, level);
            return this;
        }

        /** How long formatting and starting may take. Default 90 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** Formats the storage and starts the node; returns once it serves. */
        public VersionedBroker start() {
            Path root;
            try {
                root = Files.createTempDirectory("sluice-kafka-" + kafkaVersion(libs) + "-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a data directory", e);
            }
            VersionedBroker broker = new VersionedBroker(this, root);
            try {
                broker.start(this);
                return broker;
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        }
    }
}
