package io.sluice.cli;

import io.sluice.testkit.KafkaCluster;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster a command produces to: the one named by the bootstrap servers, or, when none is given, an
 * embedded single-node Apache Kafka that lives as long as the command (Ctrl-C included).
 */
abstract class Target implements AutoCloseable {
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);

    /** Opens the target the settings name, starting an embedded broker when they name none. */
    static Target open(Map<String, Object> settings, PrintStream err) {
        if (ProducerSettings.hasBootstrap(settings)) {
            return new External(settings);
        }
        return new Embedded(settings, err);
    }

    /** The producer settings to use, with {@code bootstrap.servers} filled in. */
    abstract Map<String, Object> producerSettings();

    /** Creates the topic if it does not exist yet. */
    abstract void ensureTopic(String topic, int partitions, short replicationFactor);

    @Override
    public abstract void close();

    /** A cluster somewhere else; topics are created through the Kafka protocol. */
    static final class External extends Target {
        private final Map<String, Object> settings;

        External(Map<String, Object> settings) {
            this.settings = new LinkedHashMap<>(settings);
        }

        @Override
        Map<String, Object> producerSettings() {
            return settings;
        }

        @Override
        void ensureTopic(String topic, int partitions, short replicationFactor) {
            TopicAdmin.ensureTopic(
                    String.valueOf(settings.get(ProducerSettings.BOOTSTRAP)),
                    topic,
                    partitions,
                    replicationFactor,
                    ADMIN_TIMEOUT);
        }

        @Override
        public void close() {}
    }

    /** A single-node Kafka in a temporary directory, removed on close or at JVM exit. */
    static final class Embedded extends Target {
        private final KafkaCluster cluster;
        private final Map<String, Object> settings;
        private final Thread shutdownHook;

        Embedded(Map<String, Object> settings, PrintStream err) {
            err.println("No bootstrap server given: starting an embedded Apache Kafka broker...");
            this.cluster = KafkaCluster.singleNode();
            this.shutdownHook = new Thread(cluster::close, "sluice-embedded-kafka-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            this.settings = new LinkedHashMap<>(settings);
            this.settings.put(ProducerSettings.BOOTSTRAP, cluster.bootstrapServers());
            err.println("Embedded Apache Kafka is at " + cluster.bootstrapServers() + " (removed at exit)");
        }

        KafkaCluster cluster() {
            return cluster;
        }

        @Override
        Map<String, Object> producerSettings() {
            return settings;
        }

        @Override
        void ensureTopic(String topic, int partitions, short replicationFactor) {
            // A single broker holds one replica, whatever was asked.
            cluster.createTopic(topic, partitions, 1);
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; it closes the cluster
                return;
            }
            cluster.close();
        }
    }
}
