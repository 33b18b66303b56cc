package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.errors.TimeoutException;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.Poll;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.ThreeBrokers;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Broker failures on the three-broker cluster, topic RF=3 with min.insync.replicas=2. */
@ExtendWith(SharedKafka.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FailoverTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);

    @Test
    void everyAcknowledgedRecordSurvivesLosingTheLeaderAndSendsResumeOnTheNewOne(@ThreeBrokers KafkaCluster kafka)
            throws Exception {
        String topic = KafkaCluster.uniqueTopicName("failover");
        kafka.createTopic(topic, 3, 3, 2);
        kafka.awaitIsrFull(topic, Duration.ofSeconds(60));
        ProducerTestSupport.warmUp(kafka, topic, 3);
        int leader = kafka.leader(topic, 0);
        int total = 30_000;
        AtomicInteger acked = new AtomicInteger();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(total);
        Map<String, Object> overrides = Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        Thread chaos = new Thread(() -> {
            Poll.until("3000 acks before the stop", Duration.ofSeconds(60), () -> acked.get() >= 3000);
            kafka.stopBroker(leader);
        });
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, overrides)) {
            chaos.start();
            for (int i = 0; i < total; i++) {
                futures.add(
                        producer.send(new ProducerRecord<>(topic, "k" + (i % 100), Integer.toString(i)), (md, e) -> {
                            if (e == null) {
                                acked.incrementAndGet();
                            }
                        }));
                if (i % 200 == 0) {
                    // Keep the stream going through the failure instead of buffering everything up front.
                    int sent = i;
                    Poll.until("acks to keep up", Duration.ofSeconds(120), () -> acked.get() >= sent - 4000);
                }
            }
            chaos.join();
            producer.flush();
        }
        int failed = 0;
        for (CompletableFuture<RecordMetadata> f : futures) {
            try {
                f.get(0, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failed++;
            }
        }
        assertThat(failed).as("sends that failed across the leader change").isZero();
        assertThat(kafka.leader(topic, 0)).isNotEqualTo(leader);

        kafka.restartBroker(leader);
        kafka.awaitIsrFull(topic, Duration.ofSeconds(60));
        List<StoredRecord> stored = new ArrayList<>(
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, total + 3, READ_TIMEOUT));
        stored.removeIf(r -> ProducerTestSupport.WARM_UP.equals(r.valueString()));
        assertThat(stored).hasSize(total);
        boolean[] seen = new boolean[total];
        Map<Integer, Integer> last = new HashMap<>();
        for (StoredRecord r : stored) {
            int seq = Integer.parseInt(r.valueString());
            assertThat(seen[seq]).as("record %d stored twice", seq).isFalse();
            seen[seq] = true;
            Integer previous = last.put(r.partition(), seq);
            if (previous != null) {
                assertThat(seq).as("order in partition %d", r.partition()).isGreaterThan(previous);
            }
        }
    }

    @Test
    void acksAllFailsWithTooFewInSyncReplicasWhileAcksOneGoesOnThenAcksAllResumes(@ThreeBrokers KafkaCluster kafka)
            throws Exception {
        String topic = KafkaCluster.uniqueTopicName("isr");
        kafka.createTopic(topic, 1, 3, 2);
        kafka.awaitIsrFull(topic, Duration.ofSeconds(60));
        ProducerTestSupport.warmUp(kafka, topic, 1);
        int leader = kafka.leader(topic, 0);
        List<Integer> others = new ArrayList<>(kafka.brokerIds());
        others.remove(Integer.valueOf(leader));
        // Idempotence off: after an expired batch the idempotent producer needs an epoch bump to go on, which
        // is the idempotence state machine's work, not this test's subject.
        Map<String, Object> all = Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 6_000);
        Map<String, Object> one = Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 0);
        try (SluiceProducer<String, String> acksAll = ProducerTestSupport.producer(kafka, all);
                SluiceProducer<String, String> acksOne = ProducerTestSupport.producer(kafka, one)) {
            acksAll.send(new ProducerRecord<>(topic, "before")).get(30, TimeUnit.SECONDS);
            for (int id : others) {
                kafka.stopBroker(id);
            }
            Poll.until(
                    "the ISR to shrink to the leader",
                    Duration.ofSeconds(60),
                    () -> kafka.isr(topic, 0).equals(Set.of(leader)));

            long start = System.nanoTime();
            CompletableFuture<RecordMetadata> refused = acksAll.send(new ProducerRecord<>(topic, "refused"));
            Throwable failure = null;
            try {
                refused.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(failure)
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("NOT_ENOUGH_REPLICAS")
                    .hasMessageContaining("min.insync.replicas");
            assertThat(tookMs).isBetween(5_000L, 30_000L);

            RecordMetadata accepted =
                    acksOne.send(new ProducerRecord<>(topic, "acks-one")).get(30, TimeUnit.SECONDS);
            assertThat(accepted.hasOffset()).isTrue();

            for (int id : others) {
                kafka.restartBroker(id);
            }
            kafka.awaitIsrFull(topic, Duration.ofSeconds(90));
            RecordMetadata resumed =
                    acksAll.send(new ProducerRecord<>(topic, "after")).get(60, TimeUnit.SECONDS);
            assertThat(resumed.offset()).isGreaterThan(accepted.offset());
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, 4, READ_TIMEOUT);
        assertThat(stored)
                .extracting(StoredRecord::valueString)
                .containsExactly(ProducerTestSupport.WARM_UP, "before", "acks-one", "after");
    }
}
