package io.sluice.producer.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.producer.ProducerRecord;
import io.sluice.producer.RecordMetadata;
import io.sluice.producer.SluiceProducer;
import io.sluice.protocol.message.ApiKey;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A broker that answers wrongly: the producer names the problem for the sends it affects, within bounded time,
 * without allocating what a corrupt length claims, and keeps serving a healthy broker meanwhile and afterwards.
 *
 * <p>Each test puts a {@link FakeBroker} (node 900, leader of a fake topic) beside the shared single-node Kafka
 * (leader of a real topic). The timeouts are small so every failure comes within a few seconds.
 */
@ExtendWith(SharedKafka.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileBrokerTest {
    private static final int REQUEST_TIMEOUT_MS = 800;
    private static final int DELIVERY_TIMEOUT_MS = 1_500;
    /** Far more than any failure needs; a send still pending after it is a hang. */
    private static final Duration BOUND = Duration.ofSeconds(15);
    /** What the network thread may allocate while a hostile answer is handled; every claim tested is larger. */
    private static final long ALLOCATION_CEILING = 64L << 20;

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final String clientId = "hostile-" + CLIENTS.incrementAndGet();

    private Map<String, Object> config(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("client.id", clientId);
        config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("request.timeout.ms", REQUEST_TIMEOUT_MS);
        config.put("delivery.timeout.ms", DELIVERY_TIMEOUT_MS);
        config.put("max.block.ms", 10_000);
        config.put("linger.ms", 0);
        config.put("retry.backoff.ms", 20);
        config.put("retry.backoff.max.ms", 100);
        config.put("reconnect.backoff.ms", 20);
        config.put("reconnect.backoff.max.ms", 100);
        return config;
    }

    /** What the failure of a send hit by each hostile answer must say, besides naming the fake broker. */
    private static List<String> expectedWords(HostileAnswer answer) {
        return switch (answer) {
            case TRUNCATED_BODY -> List.of("protocol error", "malformed PRODUCE", "truncated frame");
            case HUGE_SIZE_PREFIX -> List.of("protocol error", "frame size 2147483647 outside");
            case LYING_SIZE_PREFIX, NO_ANSWER -> List.of("PRODUCE request to", "no response within request.timeout.ms");
            case BAD_ARRAY_COUNT -> List.of("protocol error", "malformed PRODUCE", "claims 268435455 elements");
            case BAD_STRING_LENGTH -> List.of("protocol error", "malformed PRODUCE", "needs 268435455 bytes");
            case BAD_VARINT -> List.of("protocol error", "malformed PRODUCE", "varint longer than 32 bits");
            case WRONG_CORRELATION_ID -> List.of("protocol error", "correlation id");
            case UNKNOWN_ERROR_CODE -> List.of("UNKNOWN_SERVER_ERROR", "unknown code 9999");
            case GARBAGE -> List.of("protocol error", "frame size 1213486160 outside"); // "HTTP" as an int32
            case CLOSE_MID_FRAME -> List.of("connection closed by peer mid-frame");
        };
    }

    @ParameterizedTest
    @EnumSource(HostileAnswer.class)
    void aBrokenProduceAnswerFailsOnlyItsSendsNamingTheProblemAndTheProducerStaysUsable(
            HostileAnswer answer, KafkaCluster kafka) throws Exception {
        String healthy = KafkaCluster.uniqueTopicName("healthy");
        String hostile = KafkaCluster.uniqueTopicName("hostile");
        kafka.createTopic(healthy, 1, 1);
        List<String> healthyValues = new ArrayList<>();
        try (FakeBroker broker = FakeBroker.beside(kafka.bootstrapServers(), hostile)) {
            SluiceProducer<String, String> producer = new SluiceProducer<>(config(broker.bootstrapServers()));
            try {
                // Both brokers work before the trouble starts.
                sendAndAwait(producer, healthy, "before", healthyValues);
                producer.send(new ProducerRecord<>(hostile, "fine")).get(BOUND.toSeconds(), TimeUnit.SECONDS);

                broker.answerAlways(ApiKey.PRODUCE, answer);
                long allocatedBefore = networkThreadAllocatedBytes();
                long start = System.nanoTime();
                List<CompletableFuture<RecordMetadata>> doomed = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    doomed.add(producer.send(new ProducerRecord<>(hostile, "doomed-" + i)));
                }
                // The healthy broker keeps serving while the fake one misbehaves.
                for (int i = 0; i < 20; i++) {
                    sendAndAwait(producer, healthy, "during-" + i, healthyValues);
                }
                // The first batch meets the hostile answer; later ones may only have waited behind it on their
                // partition and then expired, which is all that is true of them.
                String first = messages(failureOf(doomed.get(0)));
                assertThat(first)
                        .as("failure of a send answered with %s", answer)
                        .contains(expectedWords(answer).toArray(String[]::new));
                if (answer != HostileAnswer.UNKNOWN_ERROR_CODE) {
                    assertThat(first).contains("node " + FakeBroker.NODE_ID);
                }
                for (CompletableFuture<RecordMetadata> f : doomed.subList(1, doomed.size())) {
                    String later = messages(failureOf(f));
                    if (!later.contains(expectedWords(answer).get(0))) {
                        assertThat(later).contains("TimeoutException", "delivery.timeout.ms");
                    }
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).as("time to fail every affected send").isLessThan(BOUND);
                assertThat(broker.hostileAnswers()).isPositive();
                assertThat(networkThreadAllocatedBytes() - allocatedBefore)
                        .as("bytes the network thread allocated while answered with %s", answer)
                        .isLessThan(ALLOCATION_CEILING);

                // Healed, the fake broker is served again by the same producer.
                broker.heal();
                long acceptedBefore = broker.recordsAccepted(hostile);
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(hostile, "after-" + i)).get(BOUND.toSeconds(), TimeUnit.SECONDS);
                }
                assertThat(broker.recordsAccepted(hostile) - acceptedBefore).isGreaterThanOrEqualTo(3);
                sendAndAwait(producer, healthy, "after", healthyValues);
            } finally {
                closeGracefully(producer, healthy, healthyValues);
            }
        }
        assertStored(kafka, healthy, healthyValues);
    }

    @ParameterizedTest
    @EnumSource(
            value = HostileAnswer.class,
            names = {"TRUNCATED_BODY", "BAD_ARRAY_COUNT", "BAD_VARINT", "WRONG_CORRELATION_ID", "CLOSE_MID_FRAME"})
    void oneBrokenProduceAnswerCostsOneRetry(HostileAnswer answer, KafkaCluster kafka) throws Exception {
        String hostile = KafkaCluster.uniqueTopicName("hostile");
        try (FakeBroker broker = FakeBroker.beside(kafka.bootstrapServers(), hostile);
                SluiceProducer<String, String> producer = new SluiceProducer<>(config(broker.bootstrapServers()))) {
            producer.send(new ProducerRecord<>(hostile, "fine")).get(BOUND.toSeconds(), TimeUnit.SECONDS);
            int producesBefore = broker.received(ApiKey.PRODUCE);

            broker.answerNext(ApiKey.PRODUCE, answer);
            RecordMetadata md =
                    producer.send(new ProducerRecord<>(hostile, "retried")).get(BOUND.toSeconds(), TimeUnit.SECONDS);

            assertThat(md.partition()).isZero();
            assertThat(broker.hostileAnswers()).isEqualTo(1);
            assertThat(broker.received(ApiKey.PRODUCE) - producesBefore).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = HostileAnswer.class,
            names = {
                "TRUNCATED_BODY",
                "BAD_ARRAY_COUNT",
                "BAD_STRING_LENGTH",
                "BAD_VARINT",
                "WRONG_CORRELATION_ID",
                "GARBAGE",
                "NO_ANSWER",
                "CLOSE_MID_FRAME"
            })
    void aBrokerThatCorruptsEveryMetadataAnswerIsWorkedAround(HostileAnswer answer, KafkaCluster kafka)
            throws Exception {
        String healthy = KafkaCluster.uniqueTopicName("healthy");
        String hostile = KafkaCluster.uniqueTopicName("hostile");
        kafka.createTopic(healthy, 1, 1);
        List<String> healthyValues = new ArrayList<>();
        try (FakeBroker broker = FakeBroker.beside(kafka.bootstrapServers(), hostile)) {
            broker.answerAlways(ApiKey.METADATA, answer);
            SluiceProducer<String, String> producer = new SluiceProducer<>(config(broker.bootstrapServers()));
            try {
                // The fake broker is first in bootstrap.servers, so it is asked first; the relay answers next.
                sendAndAwait(producer, healthy, "through-the-other", healthyValues);
                producer.send(new ProducerRecord<>(hostile, "still-led-by-the-fake"))
                        .get(BOUND.toSeconds(), TimeUnit.SECONDS);
                assertThat(broker.received(ApiKey.METADATA)).isPositive();
                assertThat(broker.hostileAnswers()).isPositive();
            } finally {
                closeGracefully(producer, healthy, healthyValues);
            }
        }
        assertStored(kafka, healthy, healthyValues);
    }

    @Test
    void aClusterOfOneSilentBrokerFailsSendsInBoundedTimeAndClosesPromptly() throws Exception {
        String hostile = KafkaCluster.uniqueTopicName("hostile");
        try (FakeBroker broker = FakeBroker.alone(hostile)) {
            SluiceProducer<String, String> producer = new SluiceProducer<>(config(broker.bootstrapServers()));
            producer.send(new ProducerRecord<>(hostile, "fine")).get(BOUND.toSeconds(), TimeUnit.SECONDS);
            broker.answerAlways(ApiKey.PRODUCE, HostileAnswer.NO_ANSWER);
            broker.answerAlways(ApiKey.METADATA, HostileAnswer.NO_ANSWER);
            CompletableFuture<RecordMetadata> doomed = producer.send(new ProducerRecord<>(hostile, "doomed"));

            assertThat(messages(failureOf(doomed)))
                    .contains("delivery.timeout.ms", "no response within request.timeout.ms", "node 900");
            long start = System.nanoTime();
            producer.close(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    // ---- helpers ----

    private static void sendAndAwait(
            SluiceProducer<String, String> producer, String topic, String value, List<String> sent) throws Exception {
        producer.send(new ProducerRecord<>(topic, value)).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        sent.add(value);
    }

    /**
     * Sends a last few records without waiting, then closes: a graceful close must deliver them (nothing is left
     * pending or aborted) well within its timeout.
     */
    private static void closeGracefully(SluiceProducer<String, String> producer, String topic, List<String> sent)
            throws Exception {
        List<CompletableFuture<RecordMetadata>> last = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            last.add(producer.send(new ProducerRecord<>(topic, "last-" + i)));
            sent.add("last-" + i);
        }
        long start = System.nanoTime();
        producer.close(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        for (CompletableFuture<RecordMetadata> f : last) {
            assertThat(f).isCompleted();
            f.get(); // throws if the close aborted it
        }
    }

    private static void assertStored(KafkaCluster kafka, String topic, List<String> values) {
        List<StoredRecord> stored = TopicReader.readUncommitted(kafka.bootstrapServers())
                .readAll(topic, values.size(), Duration.ofSeconds(30));
        assertThat(stored).extracting(StoredRecord::valueString).containsExactlyElementsOf(values);
    }

    private static Throwable failureOf(CompletableFuture<RecordMetadata> f) throws InterruptedException {
        try {
            RecordMetadata md = f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            return fail("a send to the hostile broker succeeded: " + md);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return fail("a send to the hostile broker was still pending after " + BOUND);
        }
    }

    /** The messages of a failure and its causes, one per line, with each exception's class. */
    private static String messages(Throwable failure) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            sb.append(t.getClass().getSimpleName())
                    .append(": ")
                    .append(t.getMessage())
                    .append('\n');
        }
        return sb.toString();
    }

    /** Bytes allocated so far by this producer's network thread, the one that reads every frame. */
    private long networkThreadAllocatedBytes() {
        String name = "sluice-producer-network-thread | " + clientId;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                return threads.getThreadAllocatedBytes(t.getId());
            }
        }
        return fail("no thread named " + name);
    }
}
