package io.sluice.bench.compare;

import io.sluice.testkit.KafkaCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The comparison's broker process: real Kafka brokers from testkit in a JVM of their own, so the CPU the producers
 * use can be measured apart from the broker's.
 *
 * <p>Started by {@link BrokerProcess} as {@code BrokerMain <brokers> [<broker key store>]}; prints
 * {@code BOOTSTRAP host:port,...} once the cluster is up, and with a key store (PKCS12, its password in the
 * environment variable {@link TlsSetup#PASSWORD_ENV}) also {@code BOOTSTRAP_TLS host:port,...}, the address of a
 * second listener that speaks TLS. Then it serves one command per line on stdin and answers each with one line:
 *
 * <pre>
 * create TOPIC PARTITIONS RF   -> ok        (returns once every broker knows every leader)
 * delete TOPIC                 -> ok
 * threads                      -> ok {name=cpuMillis, ...}   (CPU so far of every Java thread, digits as N)
 * </pre>
 *
 * <p>It shuts the cluster down and deletes its data when stdin reaches end of file, so a parent that dies takes
 * its broker with it.
 */
public final class BrokerMain {
    /** Prefix of the line that carries the bootstrap address. */
    static final String BOOTSTRAP = "BOOTSTRAP ";
    /** Prefix of the line that carries the TLS listener's address. */
    static final String BOOTSTRAP_TLS = "BOOTSTRAP_TLS ";
    /** The TLS listener's name. */
    static final String TLS_LISTENER = "SSL";
    /** Prefix of every answer line, so log lines that reach stdout are never mistaken for answers. */
    static final String ANSWER = "ANSWER ";

    private BrokerMain() {}

    /**
     * Runs until stdin is closed; {@code args[0]} is the number of brokers (1 or 3), {@code args[1]}, if given, the
     * key store of a TLS listener.
     */
    public static void main(String[] args) throws Exception {
        int brokers = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        String keystore = args.length > 1 ? args[1] : null;
        KafkaCluster.Builder builder = KafkaCluster.builder().brokers(brokers);
        if (keystore != null) {
            String password = System.getenv(TlsSetup.PASSWORD_ENV);
            if (password == null) {
                throw new IllegalStateException(
                        "a TLS listener needs the key store password in " + TlsSetup.PASSWORD_ENV);
            }
            builder.listener(TLS_LISTENER, "SSL")
                    .brokerProperty("ssl.keystore.type", "PKCS12")
                    .brokerProperty("ssl.keystore.location", keystore)
                    .brokerProperty("ssl.keystore.password", password)
                    .brokerProperty("ssl.key.password", password);
        }
        PrintStream out = System.out;
        try (KafkaCluster cluster = builder.start();
                Admin admin = admin(cluster.bootstrapServers())) {
            out.println(BOOTSTRAP + cluster.bootstrapServers());
            if (keystore != null) {
                out.println(BOOTSTRAP_TLS + cluster.bootstrapServers(TLS_LISTENER));
            }
            out.flush();
            serve(cluster, admin, out);
        }
    }

    private static void serve(KafkaCluster cluster, Admin admin, PrintStream out) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.trim().split("\\s+");
            try {
                switch (words[0]) {
                    case "create" ->
                        cluster.createTopic(
                                words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3]), minIsr(words[3]));
                    case "delete" -> admin.deleteTopics(List.of(words[1])).all().get(60, TimeUnit.SECONDS);
                    case "threads" -> {
                        out.println(ANSWER + "ok " + ThreadCpu.javaThreads());
                        out.flush();
                        continue;
                    }
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
                out.println(ANSWER + "ok");
            } catch (Exception e) {
                out.println(ANSWER + "error " + e.toString().replace('\n', ' '));
            }
            out.flush();
        }
    }

    /** acks=all on three replicas should need two of them, as a production topic would. */
    private static int minIsr(String replicationFactor) {
        return Math.min(2, Integer.parseInt(replicationFactor));
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }
}
