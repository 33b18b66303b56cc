package io.sluice.producer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Produces through a listener of {@link SecureKafka} and reads back over plaintext; remembers every exception it
 * sees, and captures the producer's log, so the secret check can look at all of it.
 */
final class SecurityTestSupport {
    static final String WRONG_PASSWORD = "wrong-pw-3e9a11";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** A failure is "fast" when it arrives well before max.block.ms and delivery.timeout.ms (60 s here). */
    static final Duration FAST = Duration.ofSeconds(15);

    static final LogCapture LOG = LogCapture.install();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final List<String> SEEN = new ArrayList<>();

    private SecurityTestSupport() {}

    static Map<String, Object> config(String bootstrap, Map<String, Object> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        config.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    /** Sends {@code count} records through the listener, and checks the broker stored them all. */
    static void producesThrough(SecureKafka secure, String listener, Map<String, Object> security, int count)
            throws Exception {
        String topic = KafkaCluster.uniqueTopicName("secure");
        secure.kafka.createTopic(topic, 1, 1);
        String padding = "x".repeat(1000);
        Map<String, Object> config = config(secure.bootstrap(listener), security);
        remember(new ProducerConfig(config).toString());
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(config)) {
            var last = producer.send(new ProducerRecord<>(topic, "k0", "v0-" + padding));
            for (int i = 1; i < count; i++) {
                last = producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i + "-" + padding));
            }
            last.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(secure.kafka.bootstrapServers()).readAll(topic, count, WAIT);
        assertThat(stored).hasSize(count);
        assertThat(stored.get(count - 1).valueString()).isEqualTo("v" + (count - 1) + "-" + padding);
    }

    /**
     * Sends one record through the listener and returns why it failed, checking it failed within {@link #FAST}.
     */
    static Throwable failureThrough(SecureKafka secure, String listener, Map<String, Object> security) {
        long start = System.nanoTime();
        Throwable failure;
        SluiceProducer<String, String> producer = new SluiceProducer<>(config(secure.bootstrap(listener), security));
        try {
            Throwable thrown = catchThrowable(() -> producer.send(new ProducerRecord<>("never-created", "k", "v"))
                    .get(FAST.toSeconds(), TimeUnit.SECONDS));
            assertThat(thrown).as("the send fails within %s", FAST).isInstanceOf(ExecutionException.class);
            failure = thrown.getCause();
        } finally {
            producer.close(Duration.ZERO);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST.plusSeconds(6));
        remember(failure);
        return failure;
    }

    static void remember(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        remember(trace.toString());
    }

    static void remember(String text) {
        LOCK.lock();
        try {
            SEEN.add(text);
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * The secrets the tests used: passwords (right and wrong), the store password, and a line of the PEM private
     * key.
     */
    static List<String> secrets(SecureKafka secure) {
        String keyLine = secure.pki.clientKeyPem.lines().skip(2).findFirst().orElseThrow();
        return List.of(
                SecureKafka.PLAIN_PASSWORD,
                SecureKafka.SCRAM_256_PASSWORD,
                SecureKafka.SCRAM_512_PASSWORD,
                WRONG_PASSWORD,
                TestPki.STORE_PASSWORD,
                SecureKafka.OAUTH_CLIENT_SECRET,
                OAuthKeys.PASSPHRASE,
                keyLine);
    }

    /** Checks no secret appears in anything the producer logged (at every level) or threw so far. */
    static void assertNoSecretSeen(SecureKafka secure) {
        String seen = everythingSeen();
        assertThat(seen).as("something was captured").contains("io.sluice");
        for (String secret : secrets(secure)) {
            assertThat(seen).doesNotContain(secret);
        }
    }

    /** Every exception, printout and log line seen so far. */
    static String everythingSeen() {
        LOCK.lock();
        try {
            return String.join("\n", SEEN) + "\n" + LOG.text();
        } finally {
            LOCK.unlock();
        }
    }
}
