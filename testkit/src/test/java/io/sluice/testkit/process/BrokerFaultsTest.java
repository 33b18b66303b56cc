package io.sluice.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Killing, pausing and restarting broker processes under a kafka-clients producer with acks=all. */
@ExtendWith(SharedProcessCluster.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void killNineOfTheLeaderElectsANewOneAndAcksAllKeepsWorking(ProcessCluster kafka) throws Exception {
        String topic = "kill-leader-" + System.nanoTime();
        kafka.createTopic(topic, 1, 3, 2);
        kafka.awaitIsrFull(topic, WAIT);

        try (KafkaProducer<String, String> producer = Clients.producer(kafka, Map.of())) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "before")).get(30, TimeUnit.SECONDS);

            int oldLeader = kafka.leader(topic, 0);
            long pid = kafka.pid(oldLeader);
            kafka.killBroker(oldLeader);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            assertThat(kafka.isAlive(oldLeader)).isFalse();

            int newLeader = kafka.leader(topic, 0);
            assertThat(newLeader).isNotEqualTo(oldLeader);
            Set<Integer> survivors = new HashSet<>(kafka.brokerIds());
            survivors.remove(oldLeader);
            kafka.awaitIsr(topic, 0, survivors, WAIT);

            RecordMetadata during =
                    producer.send(new ProducerRecord<>(topic, 0, "k", "during")).get(30, TimeUnit.SECONDS);
            assertThat(during.offset()).isEqualTo(1L);

            kafka.restartBroker(oldLeader);
            System.out.println("broker " + oldLeader + " restarted after kill -9 in "
                    + kafka.lastRestartDuration().toMillis() + " ms");
            assertThat(kafka.pid(oldLeader)).isNotEqualTo(pid);
            kafka.awaitIsrFull(topic, WAIT);
            producer.send(new ProducerRecord<>(topic, 0, "k", "after")).get(30, TimeUnit.SECONDS);
        }

        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.directBootstrapServers()).readAll(topic, 3, WAIT);
        assertThat(stored).extracting(StoredRecord::valueString).containsExactly("before", "during", "after");
    }

    @Test
    void aLeaderPausedPastTheRequestTimeoutIsReplacedAndRejoinsWhenResumed(ProcessCluster kafka) throws Exception {
        String topic = "pause-leader-" + System.nanoTime();
        kafka.createTopic(topic, 1, 3, 2);
        kafka.awaitIsrFull(topic, WAIT);
        long requestTimeoutMs = 1_500;
        Map<String, Object> config = Map.of(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeoutMs);

        try (KafkaProducer<String, String> producer = Clients.producer(kafka, config)) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "before")).get(30, TimeUnit.SECONDS);
            int paused = kafka.leader(topic, 0);
            long pid = kafka.pid(paused);

            kafka.pauseBroker(paused);
            assertThat(kafka.isPaused(paused)).isTrue();
            assertThat(kafka.runningBrokerIds()).doesNotContain(paused);
            long start = System.nanoTime();
            Future<RecordMetadata> during = producer.send(new ProducerRecord<>(topic, 0, "k", "during"));
            // The frozen leader never answers: the request times out, the controller fences the broker after its
            // 2 s session, and the retry reaches the new leader.
            during.get(30, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(requestTimeoutMs);
            assertThat(kafka.leader(topic, 0)).isNotEqualTo(paused);
            assertThat(kafka.isr(topic, 0)).doesNotContain(paused);
            awaitTrue(
                    "broker " + paused + " to be fenced",
                    () -> !kafka.servingBrokerIds().contains(paused));

            kafka.resumeBroker(paused);
            assertThat(kafka.isPaused(paused)).isFalse();
            kafka.awaitAllBrokersServing(WAIT);
            kafka.awaitIsrFull(topic, WAIT);
            assertThat(kafka.pid(paused)).isEqualTo(pid);
            producer.send(new ProducerRecord<>(topic, 0, "k", "after")).get(30, TimeUnit.SECONDS);
        }

        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.directBootstrapServers()).readAll(topic, 3, WAIT);
        assertThat(stored).extracting(StoredRecord::valueString).containsExactly("before", "during", "after");
    }

    @Test
    void aBrokerKilledWhilePausedRestartsAndServesCheckersAgain(ProcessCluster kafka) throws Exception {
        int broker = kafka.brokerIds().get(kafka.brokerIds().size() - 1);
        kafka.pauseBroker(broker);
        kafka.killBroker(broker);
        assertThat(kafka.isAlive(broker)).isFalse();
        assertThat(kafka.isPaused(broker)).isFalse();

        kafka.restartBroker(broker);
        kafka.awaitAllBrokersServing(WAIT);
        String onlyThatBroker = kafka.directBootstrapServers().split(",")[broker - 1];
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, onlyThatBroker,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            assertThat(admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS))
                    .isNotBlank();
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
