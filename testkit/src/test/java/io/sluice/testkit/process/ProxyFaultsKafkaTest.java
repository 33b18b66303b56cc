package io.sluice.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.Poll;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import io.sluice.testkit.proxy.Direction;
import io.sluice.testkit.proxy.FaultProxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each proxy fault as a kafka-clients producer sees it, on the shared process cluster. Proxy counters add up over the
 * whole run, so tests compare them before and after.
 */
@ExtendWith(SharedProcessCluster.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProxyFaultsKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** No retries, so the first failure reaches the callback; retries=0 requires idempotence off. */
    private static final Map<String, Object> NO_RETRIES = Map.of(
            ProducerConfig.RETRIES_CONFIG, 0,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_500,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1_500);

    @Test
    void blackholeOnTheLeaderMakesARequestTimeOut(ProcessCluster kafka) throws Exception {
        String topic = topic(kafka, "blackhole");
        try (KafkaProducer<String, String> producer = Clients.producer(kafka, NO_RETRIES)) {
            send(producer, topic, "warm-up");
            FaultProxy proxy = kafka.proxy(kafka.leader(topic, 0));
            long discardedBefore = proxy.stats().bytesDiscarded();
            proxy.blackhole(true);
            Future<RecordMetadata> lost = producer.send(new ProducerRecord<>(topic, 0, "k", "lost"));
            assertThatThrownBy(() -> lost.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
            assertThat(proxy.stats().bytesDiscarded()).isGreaterThan(discardedBefore);

            proxy.blackhole(false);
        }
        try (KafkaProducer<String, String> producer = Clients.producer(kafka, Map.of())) {
            send(producer, topic, "after");
        }
        assertThat(values(kafka, topic, 2)).containsExactly("warm-up", "after");
    }

    @Test
    void resetMakesTheClientSeeADisconnect(ProcessCluster kafka) throws Exception {
        String topic = topic(kafka, "reset");
        try (KafkaProducer<String, String> producer =
                Clients.producer(kafka, with(NO_RETRIES, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000))) {
            send(producer, topic, "warm-up");
            FaultProxy proxy = kafka.proxy(kafka.leader(topic, 0));
            proxy.stall();
            long readBefore = proxy.stats().bytesFromClients();
            Future<RecordMetadata> cut = producer.send(new ProducerRecord<>(topic, 0, "k", "cut"));
            Poll.until(
                    "the request to reach the stalled proxy",
                    WAIT,
                    () -> proxy.stats().bytesFromClients() > readBefore);
            long resetsBefore = proxy.stats().connectionsReset();
            proxy.resetConnections();
            assertThatThrownBy(() -> cut.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(NetworkException.class);
            assertThat(proxy.stats().connectionsReset()).isGreaterThan(resetsBefore);

            proxy.release();
        }
        try (KafkaProducer<String, String> producer = Clients.producer(kafka, Map.of())) {
            send(producer, topic, "after");
        }
        // The held request never reached the broker.
        assertThat(values(kafka, topic, 2)).containsExactly("warm-up", "after");
    }

    @Test
    void droppedResponseFailsTheSendWhileTheBrokerStoredTheRecord(ProcessCluster kafka) throws Exception {
        String topic = topic(kafka, "drop-response");
        try (KafkaProducer<String, String> producer =
                Clients.producer(kafka, with(NO_RETRIES, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000))) {
            send(producer, topic, "warm-up");
            FaultProxy proxy = kafka.proxy(kafka.leader(topic, 0));
            long droppedBefore = proxy.stats().responsesDropped();
            proxy.dropNextResponses(1);
            Future<RecordMetadata> unanswered = producer.send(new ProducerRecord<>(topic, 0, "k", "unanswered"));
            assertThatThrownBy(() -> unanswered.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(NetworkException.class);
            assertThat(proxy.stats().responsesDropped()).isEqualTo(droppedBefore + 1);
        }
        assertThat(values(kafka, topic, 2)).containsExactly("warm-up", "unanswered");
    }

    @Test
    void droppedResponseIsRetriedAndDeduplicatedByAnIdempotentProducer(ProcessCluster kafka) throws Exception {
        String topic = topic(kafka, "drop-idempotent");
        try (KafkaProducer<String, String> producer = Clients.producer(kafka, Map.of())) {
            send(producer, topic, "warm-up");
            FaultProxy proxy = kafka.proxy(kafka.leader(topic, 0));
            long droppedBefore = proxy.stats().responsesDropped();
            proxy.dropNextResponses(1);
            send(producer, topic, "retried");
            assertThat(proxy.stats().responsesDropped()).isEqualTo(droppedBefore + 1);
        }
        assertThat(values(kafka, topic, 2)).containsExactly("warm-up", "retried");
    }

    @Test
    void latencyOnResponsesSlowsEverySend(ProcessCluster kafka) throws Exception {
        String topic = topic(kafka, "latency");
        try (KafkaProducer<String, String> producer = Clients.producer(kafka, Map.of())) {
            send(producer, topic, "warm-up");
            FaultProxy proxy = kafka.proxy(kafka.leader(topic, 0));
            proxy.latency(Direction.SERVER_TO_CLIENT, Duration.ofMillis(400));
            long start = System.nanoTime();
            send(producer, topic, "slow");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(400);
            proxy.clearFaults();
        }
    }

    private static String topic(ProcessCluster kafka, String prefix) {
        String topic = prefix + "-" + System.nanoTime();
        kafka.createTopic(topic, 1, 3, 2);
        return topic;
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String value) throws Exception {
        try {
            producer.send(new ProducerRecord<>(topic, 0, "k", value)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("send of " + value + " failed", e.getCause());
        }
    }

    private static List<String> values(ProcessCluster kafka, String topic, int expected) {
        return TopicReader.readUncommitted(kafka.directBootstrapServers()).readAll(topic, expected, WAIT).stream()
                .map(StoredRecord::valueString)
                .toList();
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
