package io.sluice.testkit.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * The entry point of one Kafka node in its own JVM, as {@link ProcessCluster} launches it:
 *
 * <pre>
 *   java ... io.sluice.testkit.process.BrokerProcessMain SERVER_PROPERTIES READY_FILE PARENT_PID CLUSTER_ID
 * </pre>
 *
 * It formats the node's storage unless an earlier run already did (a restart keeps its data), starts a
 * {@link KafkaRaftServer} from the properties file, and writes {@code READY_FILE} once the server serves (a broker:
 * registered and unfenced). It ends when the parent JVM ends, however that happens, so no node outlives its test
 * run; SIGTERM shuts the server down cleanly.
 */
public final class BrokerProcessMain {
    private BrokerProcessMain() {}

    /**
     * Runs one node until the process is ended.
     *
     * @param args the server properties file, the ready file, the parent's pid and the cluster id
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: BrokerProcessMain SERVER_PROPERTIES READY_FILE PARENT_PID CLUSTER_ID");
        }
        Path ready = Path.of(args[1]);
        endWithParent(Long.parseLong(args[2]));
        Map<String, String> config = load(Path.of(args[0]));
        formatUnlessFormatted(config, args[3]);

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.shutdown();
                            server.awaitShutdown();
                        },
                        "kafka-shutdown"));
        try {
            server.startup();
        } catch (Throwable e) {
            // Kafka's non-daemon threads could keep a half-started JVM alive; the parent sees the exit at once.
            e.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
        announceReady(ready);
        server.awaitShutdown();
    }

    /** Halts this JVM as soon as the parent is gone: a test run that was killed must not leave brokers behind. */
    private static void endWithParent(long parentPid) {
        ProcessHandle parent = ProcessHandle.of(parentPid).orElse(null);
        if (parent == null || !parent.isAlive()) {
            Runtime.getRuntime().halt(3);
        }
        parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3));
    }

    private static Map<String, String> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> config = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
        return config;
    }

    private static void formatUnlessFormatted(Map<String, String> config, String clusterId) throws Exception {
        String dataDir = config.get("log.dirs");
        if (Files.exists(Path.of(dataDir, "meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
                .setNodeId(Integer.parseInt(config.get("node.id")))
                .setClusterId(clusterId)
                .setControllerListenerName(config.get("controller.listener.names"))
                .setMetadataLogDirectory(dataDir)
                .addDirectory(dataDir)
                .run();
    }

    /** Writes the ready file atomically, so the parent never sees it half written. */
    private static void announceReady(Path ready) throws IOException {
        Path partial = ready.resolveSibling(ready.getFileName() + ".partial");
        Files.writeString(partial, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
        Files.move(partial, ready, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
