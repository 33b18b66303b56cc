package io.sluice.testkit.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The server properties both kinds of test cluster give their nodes: the controller quorum, the listener strings and
 * the kit's defaults for a small broker. Each cluster adds its own listeners and topic defaults on top.
 *
 * <pre>
 *   every node   listener.security.protocol.map, controller.listener.names=CONTROLLER,
 *                controller.quorum.voters=&lt;id&gt;@127.0.0.1:&lt;port&gt;, small pools and buffers,
 *                internal topics replicated min(brokers, 3) times
 *   separate controller only:  broker.session.timeout.ms=2000, broker.heartbeat.interval.ms=500
 * </pre>
 *
 * <p>Not API: see {@link io.sluice.testkit.internal}.
 */
public final class ServerProperties {
    /** The id of the separate controller node. */
    public static final int CONTROLLER_ID = 1000;

    /** The name of the listener the controller quorum speaks on. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Every listener of a test node binds this address. */
    public static final String HOST = "127.0.0.1";

    private ServerProperties() {}

    /**
     * The properties every node of one cluster shares.
     *
     * @param securityProtocols listener name to security protocol, in the order they are to be listed; the
     *     controller's listener included
     * @param controllerId the node id of the only controller
     * @param controllerPort the port of the controller's listener
     * @param brokerCount how many brokers the cluster has, which bounds the internal topics' replication
     * @param separateController whether the controller is a node of its own rather than combined with the broker
     * @return a new mutable map in insertion order
     */
    public static Map<String, String> common(
            Map<String, String> securityProtocols,
            int controllerId,
            int controllerPort,
            int brokerCount,
            boolean separateController) {
        int replication = internalTopicReplication(brokerCount);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listener.security.protocol.map", securityProtocolMap(securityProtocols));
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("controller.quorum.voters", controllerId + "@" + HOST + ":" + controllerPort);
        if (separateController) {
            // The controller expires a broker's session, so it must hold these too. A killed, paused or stopped
            // broker is fenced, and leaves every ISR, 2 s after its last heartbeat; a restarted one may register
            // again as soon as that old session has expired instead of being refused as a duplicate for 9 s.
            config.put("broker.session.timeout.ms", "2000");
            config.put("broker.heartbeat.interval.ms", "500");
        }
        // Small pools and buffers: test brokers share a machine of two cores, several of them one small heap.
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
        return config;
    }

    /** A copy of {@code common} with the node's {@code process.roles} and {@code node.id}. */
    public static Map<String, String> node(Map<String, String> common, String processRoles, int nodeId) {
        Map<String, String> config = new LinkedHashMap<>(common);
        config.put("process.roles", processRoles);
        config.put("node.id", Integer.toString(nodeId));
        return config;
    }

    /** How many replicas the internal topics get: every broker, but no more than 3. */
    public static int internalTopicReplication(int brokerCount) {
        return Math.min(brokerCount, 3);
    }

    /** {@code NAME://127.0.0.1:port} for each listener, comma-separated in the map's order. */
    public static String listeners(Map<String, Integer> ports) {
        return ports.entrySet().stream()
                .map(e -> listener(e.getKey(), e.getValue()))
                .collect(Collectors.joining(","));
    }

    /** {@code NAME://127.0.0.1:port}. */
    public static String listener(String name, int port) {
        return name + "://" + HOST + ":" + port;
    }

    private static String securityProtocolMap(Map<String, String> securityProtocols) {
        return securityProtocols.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
