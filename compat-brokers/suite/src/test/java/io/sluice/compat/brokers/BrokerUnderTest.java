package io.sluice.compat.brokers;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.serde.StringSerializer;
import io.sluice.testkit.process.VersionedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every contract of the suite needs from the class of one broker version: the running broker, shared by all of
 * that class's tests, and the facts of that version the tests check Sluice against.
 */
interface BrokerUnderTest {
    /** The cluster feature that picks the transaction protocol (KIP-890). */
    String TRANSACTION_VERSION = "transaction.version";

    /** The broker of this test class's version, started once for the class. */
    VersionedBroker broker();

    /** The newest {@code transaction.version} a broker of this version can finalize: 1 before Kafka 4.0, else 2. */
    int newestTransactionVersion();

    /**
     * Starts the broker whose jars the build copied for {@code version}; the suite's surefire configuration names the
     * directory in {@code sluice.kafka-<version>.libs}.
     */
    static VersionedBroker start(String version) {
        String property = "sluice.kafka-" + version + ".libs";
        String dir = System.getProperty(property);
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("no Kafka " + version + " jars: " + property + " is " + dir
                    + "; run the suite through Maven, which copies them (mvn -B -pl compat-brokers/suite -am verify)");
        }
        return VersionedBroker.builder(Path.of(dir)).start();
    }

    /** A topic name no other test of the run uses. */
    default String uniqueTopic(String prefix) {
        return prefix + "-" + Names.NEXT.incrementAndGet() + "-" + System.nanoTime();
    }

    /** A producer of strings bootstrapping from the broker's proxy, with the given settings on top of Kafka's defaults. */
    default SluiceProducer<String, String> producer(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers());
        return new SluiceProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** The counter behind {@link #uniqueTopic(String)}. */
    final class Names {
        static final AtomicInteger NEXT = new AtomicInteger();

        private Names() {}
    }
}
