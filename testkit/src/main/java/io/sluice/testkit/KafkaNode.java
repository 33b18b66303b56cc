package io.sluice.testkit;

import io.sluice.testkit.internal.ServerProperties;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * One Kafka server process (a {@link KafkaRaftServer}) inside this JVM: a controller, a broker, or both.
 *
 * <p>Listener ports are fixed once known, so a restarted broker comes back at the address clients already have:
 * controller ports are chosen before the first start (the quorum voters must name them), broker ports are taken
 * from the sockets the broker bound on its first start. Every start and stop runs on its own daemon thread and is
 * bounded by a deadline; a node that misses it is abandoned rather than allowed to hang the caller.
 */
final class KafkaNode {
    /** What a node does in the cluster; Kafka's {@code process.roles}. */
    enum Role {
        COMBINED("broker,controller"),
        CONTROLLER("controller"),
        BROKER("broker");

        final String processRoles;

        Role(String processRoles) {
            this.processRoles = processRoles;
        }

        boolean isBroker() {
            return this != CONTROLLER;
        }
    }

    private static final Method BROKER_OF_SERVER = brokerAccessor();

    private final int id;
    private final Role role;
    private final Path dataDir;
    private final Map<String, String> config;
    /** Broker listener name to its port, 0 until the first start has bound it; replaced whole, never mutated. */
    private volatile Map<String, Integer> brokerPorts;

    private volatile KafkaRaftServer server;

    KafkaNode(int id, Role role, Path dataDir, Map<String, String> config, Map<String, Integer> brokerPorts) {
        this.id = id;
        this.role = role;
        this.dataDir = dataDir;
        this.config = new LinkedHashMap<>(config);
        this.brokerPorts = Collections.unmodifiableMap(new LinkedHashMap<>(brokerPorts));
    }

    int id() {
        return id;
    }

    Role role() {
        return role;
    }

    boolean isRunning() {
        return server != null;
    }

    /** The port of a broker listener, known after the first start. */
    int port(String listenerName) {
        Integer port = brokerPorts.get(listenerName);
        if (port == null || port == 0) {
            throw new IllegalStateException("broker " + id + " has no bound port for listener " + listenerName);
        }
        return port;
    }

    /**
     * Writes {@code meta.properties} and, on controllers, the bootstrap metadata: feature levels and SCRAM
     * credentials.
     */
    void format(String clusterId, Map<String, Short> featureLevels, List<String> scramCredentials) throws Exception {
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
                .setNodeId(id)
                .setClusterId(clusterId)
                .setControllerListenerName(ServerProperties.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(dataDir.toString())
                .addDirectory(dataDir.toString());
        featureLevels.forEach(formatter::setFeatureLevel);
        if (!scramCredentials.isEmpty()) {
            formatter.setScramArguments(scramCredentials);
        }
        formatter.run();
    }

    /**
     * Starts the node and returns once it serves (a broker: registered and unfenced), or throws when
     * {@code timeout} passes. A start that misses its deadline is left to finish for up to {@code stopTimeout}
     * and then shut down: a half-started server cannot be stopped cleanly, and interrupting it is a fatal fault.
     */
    void start(Duration timeout, Duration stopTimeout) {
        if (server != null) {
            throw new IllegalStateException("node " + id + " is already running");
        }
        KafkaRaftServer created = new KafkaRaftServer(new KafkaConfig(currentConfig(), false), Time.SYSTEM);
        FutureTask<Void> startup = launch("start node " + id, created::startup);
        try {
            await("start node " + id, startup, timeout);
        } catch (RuntimeException e) {
            try {
                await("finish the late start of node " + id, startup, stopTimeout);
            } catch (RuntimeException late) {
                e.addSuppressed(late);
            }
            stopQuietly(created, stopTimeout, e);
            throw e;
        }
        server = created;
        brokerServer().ifPresent(this::pinBoundPorts);
    }

    /** Shuts the node down (a broker: controlled shutdown) and waits for it, at most {@code timeout}. */
    void stop(Duration timeout) {
        KafkaRaftServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        runBounded(
                "stop node " + id,
                () -> {
                    running.shutdown();
                    running.awaitShutdown();
                },
                timeout);
    }

    /** The broker half of this node while it runs. */
    Optional<BrokerServer> brokerServer() {
        KafkaRaftServer running = server;
        if (running == null || !role.isBroker()) {
            return Optional.empty();
        }
        try {
            scala.Option<?> broker = (scala.Option<?>) BROKER_OF_SERVER.invoke(running);
            return broker.isDefined() ? Optional.of((BrokerServer) broker.get()) : Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the broker inside KafkaRaftServer", e);
        }
    }

    private Map<String, String> currentConfig() {
        Map<String, String> effective = new LinkedHashMap<>(config);
        if (role.isBroker()) {
            String brokerListeners = ServerProperties.listeners(brokerPorts);
            String controller = effective.get("listeners");
            effective.put("listeners", controller == null ? brokerListeners : brokerListeners + "," + controller);
        }
        return effective;
    }

    private void pinBoundPorts(BrokerServer broker) {
        Map<String, Integer> bound = new LinkedHashMap<>(brokerPorts);
        bound.replaceAll((name, port) -> broker.boundPort(ListenerName.normalised(name)));
        brokerPorts = Collections.unmodifiableMap(bound);
    }

    private static void stopQuietly(KafkaRaftServer server, Duration timeout, RuntimeException cause) {
        try {
            runBounded(
                    "stop a node that failed to start",
                    () -> {
                        server.shutdown();
                        server.awaitShutdown();
                    },
                    timeout);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Runs {@code action} on a fresh daemon thread and waits at most {@code timeout}. A daemon thread that is still
     * stuck after the deadline cannot keep the JVM alive.
     */
    static void runBounded(String what, Runnable action, Duration timeout) {
        await(what, launch(what, action), timeout);
    }

    private static FutureTask<Void> launch(String what, Runnable action) {
        FutureTask<Void> task = new FutureTask<>(action, null);
        Thread thread = new Thread(task, "sluice-testkit-" + what.replace(' ', '-'));
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    /** Waits for a task without interrupting it on timeout: interrupting Kafka's start or stop is a fatal fault. */
    private static void await(String what, Future<Void> task, Duration timeout) {
        try {
            task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within " + timeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        }
    }

    private static Method brokerAccessor() {
        try {
            Method method = KafkaRaftServer.class.getDeclaredMethod("broker");
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
