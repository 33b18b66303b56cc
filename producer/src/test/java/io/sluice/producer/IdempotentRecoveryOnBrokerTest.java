package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.Poll;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.ThreeBrokers;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The idempotent producer after an outage that cost it batches: on the three-broker cluster (RF=3,
 * min.insync.replicas=2), two brokers stop, batches run into {@code delivery.timeout.ms} with their fate unknown,
 * the brokers come back, and the same producer goes on. What the broker stored is read back with kafka-clients.
 */
@ExtendWith(SharedKafka.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class IdempotentRecoveryOnBrokerTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);

    private static boolean succeeded(CompletableFuture<RecordMetadata> f) {
        try {
            f.get(0, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPartitionThatLostBatchesToTheDeliveryTimeoutResumesWithoutDuplicatesOnceBrokersReturn(
            @ThreeBrokers KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("idem-outage");
        kafka.createTopic(topic, 1, 3, 2);
        kafka.awaitIsrFull(topic, Duration.ofSeconds(60));
        ProducerTestSupport.warmUp(kafka, topic, 1);
        int leader = kafka.leader(topic, 0);
        List<Integer> followers = new ArrayList<>(kafka.brokerIds());
        followers.remove(Integer.valueOf(leader));
        Map<String, Object> overrides = Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_500,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4_000,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
        List<CompletableFuture<RecordMetadata>> before = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> during = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> after = new ArrayList<>();
        int next = 0;
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, overrides)) {
            for (int i = 0; i < 1_000; i++) {
                before.add(producer.send(new ProducerRecord<>(topic, 0, "k", Integer.toString(next++))));
            }
            producer.flush();

            for (int id : followers) {
                kafka.stopBroker(id);
            }
            // Keep sending through the outage, a few records at a time, so several batches are lost.
            long outageEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < outageEnd) {
                for (int i = 0; i < 10; i++) {
                    during.add(producer.send(new ProducerRecord<>(topic, 0, "k", Integer.toString(next++))));
                }
                Thread.sleep(100); // pacing, so the outage spans many batches
            }
            Poll.until(
                    "every outage send to settle",
                    Duration.ofSeconds(30),
                    () -> during.stream().allMatch(CompletableFuture::isDone));

            for (int id : followers) {
                kafka.restartBroker(id);
            }
            kafka.awaitIsrFull(topic, Duration.ofSeconds(60));
            for (int i = 0; i < 1_000; i++) {
                after.add(producer.send(new ProducerRecord<>(topic, 0, "k", Integer.toString(next++))));
            }
            for (CompletableFuture<RecordMetadata> f : after) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(before).allMatch(IdempotentRecoveryOnBrokerTest::succeeded);
        long lost = during.stream().filter(f -> !succeeded(f)).count();
        assertThat(lost)
                .as("sends lost to the delivery timeout during the outage")
                .isPositive();

        Set<Integer> acknowledged = new HashSet<>();
        List<CompletableFuture<RecordMetadata>> all = new ArrayList<>(before);
        all.addAll(during);
        all.addAll(after);
        for (int i = 0; i < all.size(); i++) {
            if (succeeded(all.get(i))) {
                acknowledged.add(i);
            }
        }
        List<StoredRecord> stored = new ArrayList<>(TopicReader.readUncommitted(kafka.bootstrapServers())
                .readAll(topic, acknowledged.size() + 1, READ_TIMEOUT));
        stored.removeIf(r -> ProducerTestSupport.WARM_UP.equals(r.valueString()));
        Set<Integer> seen = new HashSet<>();
        int previous = -1;
        for (StoredRecord r : stored) {
            int value = Integer.parseInt(r.valueString());
            assertThat(seen.add(value)).as("record %d stored twice", value).isTrue();
            assertThat(value).as("send order kept in the partition").isGreaterThan(previous);
            previous = value;
        }
        assertThat(seen).as("every acknowledged record stored").containsAll(acknowledged);
    }
}
