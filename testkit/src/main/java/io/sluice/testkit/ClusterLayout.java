package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decides the nodes of a cluster and the server properties of each: ids, roles, listeners, data directories and the
 * kit's defaults for a small test JVM.
 *
 * <pre>
 *   combined (1 broker):   node 1     process.roles=broker,controller   PLAINTEXT + extra listeners, CONTROLLER
 *   separate (N brokers):  node 1000  process.roles=controller          CONTROLLER
 *                          node 1..N  process.roles=broker              PLAINTEXT + extra listeners
 * </pre>
 *
 * The controller port is chosen here, because every node's {@code controller.quorum.voters} must name it; broker
 * ports are left at 0 and fixed by each broker's first start.
 */
final class ClusterLayout {
    static final int CONTROLLER_ID = 1000;
    static final int COMBINED_ID = 1;

    /** Defaults for topics created without explicit settings; the controller applies them, so only it gets them. */
    private static final Map<String, String> TOPIC_DEFAULTS =
            Map.of("num.partitions", "1", "default.replication.factor", "1");

    /**
     * The nodes of a cluster; on a combined cluster the one node is in both.
     *
     * @param controllers the nodes with the controller role
     * @param brokers broker id to node, in id order, for the nodes with the broker role
     */
    record Nodes(List<KafkaNode> controllers, Map<Integer, KafkaNode> brokers) {}

    private ClusterLayout() {}

    static Nodes layOut(ClusterSpec spec, Path dataRoot) {
        int controllerId = spec.combined() ? COMBINED_ID : CONTROLLER_ID;
        int controllerPort = freePort();
        String controllerListener = KafkaNode.CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort;
        Map<String, String> common = commonConfig(spec, controllerId + "@127.0.0.1:" + controllerPort);
        List<KafkaNode> controllers = new ArrayList<>();
        Map<Integer, KafkaNode> brokers = new LinkedHashMap<>();

        KafkaNode.Role controllerRole = spec.combined() ? KafkaNode.Role.COMBINED : KafkaNode.Role.CONTROLLER;
        Map<String, String> config = nodeConfig(common, controllerId, controllerRole, dataRoot);
        config.put("listeners", controllerListener);
        config.putAll(TOPIC_DEFAULTS);
        config.putAll(spec.controllerProperties());
        if (spec.combined()) {
            config.putAll(spec.brokerProperties());
        }
        Map<String, Integer> controllerBrokerPorts = spec.combined() ? brokerPorts(spec) : Map.of();
        KafkaNode controller = new KafkaNode(
                controllerId, controllerRole, dataDir(dataRoot, controllerId), config, controllerBrokerPorts);
        controllers.add(controller);
        if (spec.combined()) {
            brokers.put(controllerId, controller);
        } else {
            for (int id = 1; id <= spec.brokerCount(); id++) {
                Map<String, String> brokerConfig = nodeConfig(common, id, KafkaNode.Role.BROKER, dataRoot);
                brokerConfig.putAll(spec.brokerProperties());
                brokers.put(
                        id,
                        new KafkaNode(
                                id, KafkaNode.Role.BROKER, dataDir(dataRoot, id), brokerConfig, brokerPorts(spec)));
            }
        }
        return new Nodes(List.copyOf(controllers), Collections.unmodifiableMap(brokers));
    }

    private static Map<String, String> commonConfig(ClusterSpec spec, String quorumVoters) {
        int replication = Math.min(spec.brokerCount(), 3);
        Map<String, String> config = new LinkedHashMap<>();
        String protocols = spec.extraListeners().entrySet().stream()
                .map(e -> "," + e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining());
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + protocols);
        config.put("controller.listener.names", KafkaNode.CONTROLLER_LISTENER);
        config.put("controller.quorum.voters", quorumVoters);
        config.put("inter.broker.listener.name", KafkaCluster.PLAINTEXT_LISTENER);
        if (!spec.combined()) {
            // The controller expires a broker's session: it must hold this too, or a restarted broker is
            // refused as a duplicate registration for the default 9 s.
            config.put("broker.session.timeout.ms", "2000");
            config.put("broker.heartbeat.interval.ms", "500");
        }
        // Small pools and buffers: several brokers share one test JVM with a small heap and two cores.
        config.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        config.put("log.cleaner.threads", "1");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("num.replica.fetchers", "1");
        config.put("num.recovery.threads.per.data.dir", "1");
        config.put("background.threads", "2");
        config.put("offsets.topic.num.partitions", "4");
        config.put("offsets.topic.replication.factor", Integer.toString(replication));
        config.put("transaction.state.log.num.partitions", "4");
        config.put("transaction.state.log.replication.factor", Integer.toString(replication));
        config.put("transaction.state.log.min.isr", Integer.toString(Math.min(replication, 2)));
        config.put("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
        config.put("share.coordinator.state.topic.min.isr", Integer.toString(Math.min(replication, 2)));
        config.put("group.initial.rebalance.delay.ms", "0");
        // Metrics stay in the registry but are not exported as MBeans: several brokers in one JVM would clash.
        config.put("metrics.jmx.exclude", ".*");
        return config;
    }

    private static Map<String, String> nodeConfig(
            Map<String, String> common, int id, KafkaNode.Role role, Path dataRoot) {
        Map<String, String> config = new LinkedHashMap<>(common);
        config.put("process.roles", role.processRoles);
        config.put("node.id", Integer.toString(id));
        config.put("log.dirs", dataDir(dataRoot, id).toString());
        return config;
    }

    /** Broker listeners in a fixed order, PLAINTEXT first; port 0 means "bind any free port". */
    private static Map<String, Integer> brokerPorts(ClusterSpec spec) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(KafkaCluster.PLAINTEXT_LISTENER, 0);
        spec.extraListeners().keySet().forEach(name -> ports.put(name, 0));
        return ports;
    }

    private static Path dataDir(Path dataRoot, int nodeId) {
        return dataRoot.resolve("node-" + nodeId);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
