package io.sluice.testkit;

import io.sluice.testkit.internal.FreePorts;
import io.sluice.testkit.internal.ServerProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        int controllerId = spec.combined() ? COMBINED_ID : ServerProperties.CONTROLLER_ID;
        int controllerPort = FreePorts.ephemeral();
        Map<String, String> common = commonConfig(spec, controllerId, controllerPort);
        List<KafkaNode> controllers = new ArrayList<>();
        Map<Integer, KafkaNode> brokers = new LinkedHashMap<>();

        KafkaNode.Role controllerRole = spec.combined() ? KafkaNode.Role.COMBINED : KafkaNode.Role.CONTROLLER;
        Map<String, String> config = nodeConfig(common, controllerId, controllerRole, dataRoot);
        config.put("listeners", ServerProperties.listener(ServerProperties.CONTROLLER_LISTENER, controllerPort));
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
                if (id <= spec.brokerRacks().size()) {
                    brokerConfig.put("broker.rack", spec.brokerRacks().get(id - 1));
                }
                brokers.put(
                        id,
                        new KafkaNode(
                                id, KafkaNode.Role.BROKER, dataDir(dataRoot, id), brokerConfig, brokerPorts(spec)));
            }
        }
        return new Nodes(List.copyOf(controllers), Collections.unmodifiableMap(brokers));
    }

    /** The kit's shared defaults, plus what only an in-process cluster needs. */
    private static Map<String, String> commonConfig(ClusterSpec spec, int controllerId, int controllerPort) {
        Map<String, String> protocols = new LinkedHashMap<>();
        protocols.put(KafkaCluster.PLAINTEXT_LISTENER, "PLAINTEXT");
        protocols.put(ServerProperties.CONTROLLER_LISTENER, "PLAINTEXT");
        protocols.putAll(spec.extraListeners());
        Map<String, String> config =
                ServerProperties.common(protocols, controllerId, controllerPort, spec.brokerCount(), !spec.combined());
        config.put("inter.broker.listener.name", KafkaCluster.PLAINTEXT_LISTENER);
        // Metrics stay in the registry but are not exported as MBeans: several brokers in one JVM would clash.
        config.put("metrics.jmx.exclude", ".*");
        return config;
    }

    private static Map<String, String> nodeConfig(
            Map<String, String> common, int id, KafkaNode.Role role, Path dataRoot) {
        Map<String, String> config = ServerProperties.node(common, role.processRoles, id);
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
}
