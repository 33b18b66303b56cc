package io.sluice.testkit.process;

import io.sluice.testkit.internal.FreePorts;
import io.sluice.testkit.internal.ServerProperties;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server properties of a process cluster: one controller and N brokers on 127.0.0.1.
 *
 * <pre>
 *   node 1000  controller   CONTROLLER://127.0.0.1:c
 *   node 1..N  broker       CLIENT://127.0.0.1:client_i         advertised as its fault proxy's address
 *                           REPLICATION://127.0.0.1:replication_i  advertised as itself: replication only
 *                           CHECK://127.0.0.1:check_i           advertised as its guard proxy's address
 * </pre>
 *
 * A client that bootstraps from a listener's advertised addresses is told the same listener's addresses in every
 * metadata response, so a client of the fault proxies stays on them. Replication never crosses a proxy. The CHECK
 * listener serves the cluster's own admin calls and read-back checkers through guard proxies that carry no faults
 * but reset connections to a paused broker, so checking never hangs on a frozen JVM. Every port is chosen before
 * the first start and never changes.
 */
final class ProcessLayout {
    static final String CLIENT_LISTENER = "CLIENT";
    static final String REPLICATION_LISTENER = "REPLICATION";
    static final String CHECK_LISTENER = "CHECK";

    /** The ports of one broker. */
    record BrokerPorts(int client, int replication, int check) {
        InetSocketAddress clientAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), client);
        }

        InetSocketAddress checkAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), check);
        }
    }

    private ProcessLayout() {}

    static BrokerPorts freeBrokerPorts() {
        return new BrokerPorts(FreePorts.fixed(), FreePorts.fixed(), FreePorts.fixed());
    }

    static Map<String, String> controller(int controllerPort, int brokerCount, Map<String, String> extra) {
        Map<String, String> config = ServerProperties.node(
                common(controllerPort, brokerCount), "controller", ServerProperties.CONTROLLER_ID);
        config.put("listeners", ServerProperties.listener(ServerProperties.CONTROLLER_LISTENER, controllerPort));
        config.put("num.partitions", "1");
        config.put(
                "default.replication.factor", Integer.toString(ServerProperties.internalTopicReplication(brokerCount)));
        config.putAll(extra);
        return config;
    }

    static Map<String, String> broker(
            int id,
            int controllerPort,
            int brokerCount,
            BrokerPorts ports,
            int proxyPort,
            int guardPort,
            Map<String, String> extra) {
        Map<String, String> config = ServerProperties.node(common(controllerPort, brokerCount), "broker", id);
        config.put(
                "listeners",
                ServerProperties.listeners(brokerListeners(ports.client(), ports.replication(), ports.check())));
        config.put(
                "advertised.listeners",
                ServerProperties.listeners(brokerListeners(proxyPort, ports.replication(), guardPort)));
        config.put("inter.broker.listener.name", REPLICATION_LISTENER);
        config.putAll(extra);
        return config;
    }

    private static Map<String, Integer> brokerListeners(int client, int replication, int check) {
        Map<String, Integer> listeners = new LinkedHashMap<>();
        listeners.put(CLIENT_LISTENER, client);
        listeners.put(REPLICATION_LISTENER, replication);
        listeners.put(CHECK_LISTENER, check);
        return listeners;
    }

    private static Map<String, String> common(int controllerPort, int brokerCount) {
        Map<String, String> protocols = new LinkedHashMap<>();
        protocols.put(CLIENT_LISTENER, "PLAINTEXT");
        protocols.put(REPLICATION_LISTENER, "PLAINTEXT");
        protocols.put(CHECK_LISTENER, "PLAINTEXT");
        protocols.put(ServerProperties.CONTROLLER_LISTENER, "PLAINTEXT");
        return ServerProperties.common(protocols, ServerProperties.CONTROLLER_ID, controllerPort, brokerCount, true);
    }
}
