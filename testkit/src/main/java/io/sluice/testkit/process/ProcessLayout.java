package io.sluice.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

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
    static final int CONTROLLER_ID = 1000;
    static final String CLIENT_LISTENER = "CLIENT";
    static final String REPLICATION_LISTENER = "REPLICATION";
    static final String CHECK_LISTENER = "CHECK";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** The ports of one broker. */
    record BrokerPorts(int client, int replication, int check) {
        InetSocketAddress clientAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), client);
        }

        InetSocketAddress checkAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), check);
        }
    }

    /** Fixed ports are picked from here up to the start of the kernel's ephemeral range. */
    private static final int FIXED_PORTS_FLOOR = 15_000;

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private ProcessLayout() {}

    static BrokerPorts freeBrokerPorts() {
        return new BrokerPorts(freePort(), freePort(), freePort());
    }

    static Map<String, String> controller(int controllerPort, int brokerCount, Map<String, String> extra) {
        Map<String, String> config = common(controllerPort, brokerCount);
        config.put("process.roles", "controller");
        config.put("node.id", Integer.toString(CONTROLLER_ID));
        config.put("listeners", CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        config.put("num.partitions", "1");
        config.put("default.replication.factor", Integer.toString(Math.min(brokerCount, 3)));
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
        Map<String, String> config = common(controllerPort, brokerCount);
        config.put("process.roles", "broker");
        config.put("node.id", Integer.toString(id));
        config.put(
                "listeners",
                String.join(
                        ",",
                        CLIENT_LISTENER + "://127.0.0.1:" + ports.client(),
                        REPLICATION_LISTENER + "://127.0.0.1:" + ports.replication(),
                        CHECK_LISTENER + "://127.0.0.1:" + ports.check()));
        config.put(
                "advertised.listeners",
                String.join(
                        ",",
                        CLIENT_LISTENER + "://127.0.0.1:" + proxyPort,
                        REPLICATION_LISTENER + "://127.0.0.1:" + ports.replication(),
                        CHECK_LISTENER + "://127.0.0.1:" + guardPort));
        config.put("inter.broker.listener.name", REPLICATION_LISTENER);
        config.putAll(extra);
        return config;
    }

    private static Map<String, String> common(int controllerPort, int brokerCount) {
        int replication = Math.min(brokerCount, 3);
        Map<String, String> config = new LinkedHashMap<>();
        config.put(
                "listener.security.protocol.map",
                String.join(
                        ",",
                        CLIENT_LISTENER + ":PLAINTEXT",
                        REPLICATION_LISTENER + ":PLAINTEXT",
                        CHECK_LISTENER + ":PLAINTEXT",
                        CONTROLLER_LISTENER + ":PLAINTEXT"));
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("controller.quorum.voters", CONTROLLER_ID + "@127.0.0.1:" + controllerPort);
        // A killed or paused broker is fenced, and leaves every ISR, 2 s after its last heartbeat; a restarted one
        // may register again as soon as that old session has expired.
        config.put("broker.session.timeout.ms", "2000");
        config.put("broker.heartbeat.interval.ms", "500");
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

    /**
     * A port of 127.0.0.1 that is free now and that nobody is likely to take before a node binds it, which may be
     * seconds later. Ports bound to 0 and outgoing connections take their ports from the kernel's ephemeral range,
     * so ports are picked at random below it, where only a deliberate bind can clash; a port is never handed out
     * twice in one JVM.
     */
    static int freePort() {
        int low = ephemeralRangeStart();
        if (low - FIXED_PORTS_FLOOR < 1_000) {
            return ephemeralFreePort();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(FIXED_PORTS_FLOOR, low);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        return ephemeralFreePort();
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralFreePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first port of Linux's ephemeral range, or 0 where it cannot be read. */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
