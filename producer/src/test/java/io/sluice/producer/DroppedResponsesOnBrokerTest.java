package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import io.sluice.testkit.proxy.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Brokers that write a batch and then lose the answer: the leader's proxy swallows responses and closes the
 * connection, so the producer retries batches the broker already holds. With idempotence the broker recognizes them
 * and nothing is stored twice. Brokers run as processes behind fault proxies; read-back goes around the proxies.
 */
@ExtendWith(SharedProcessCluster.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DroppedResponsesOnBrokerTest {
    private static final int RECORDS = 5_000;

    @Test
    void retriesOfBatchesWhoseAnswersWereDroppedAreNotStoredTwice(ProcessCluster kafka) throws Exception {
        String topic = "dropped-responses-" + System.nanoTime();
        kafka.createTopic(topic, 1, 3, 2);
        kafka.awaitIsrFull(topic, Duration.ofSeconds(60));
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        config.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(RECORDS);
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "warm-up")).get(60, TimeUnit.SECONDS);
            FaultProxy leaderProxy = kafka.proxy(kafka.leader(topic, 0));
            long droppedBefore = leaderProxy.stats().responsesDropped();
            for (int i = 0; i < RECORDS; i++) {
                if (i % 500 == 250) {
                    // The broker handles the next requests, the producer never hears back and reconnects.
                    leaderProxy.dropNextResponses(2);
                }
                futures.add(producer.send(new ProducerRecord<>(topic, 0, "k", Integer.toString(i))));
                if (i % 100 == 99) {
                    producer.flush();
                }
            }
            producer.flush();
            leaderProxy.clearFaults();
            assertThat(leaderProxy.stats().responsesDropped() - droppedBefore)
                    .as("answers lost after the broker wrote")
                    .isGreaterThanOrEqualTo(10);
        }
        for (CompletableFuture<RecordMetadata> f : futures) {
            f.get(0, TimeUnit.SECONDS);
        }
        List<StoredRecord> stored = new ArrayList<>(TopicReader.readUncommitted(kafka.directBootstrapServers())
                .readAll(topic, RECORDS + 1, Duration.ofSeconds(90)));
        stored.removeIf(r -> "warm-up".equals(r.valueString()));
        List<Integer> values = new ArrayList<>(stored.size());
        for (StoredRecord r : stored) {
            values.add(Integer.parseInt(r.valueString()));
        }
        List<Integer> expected = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            expected.add(i);
        }
        assertThat(values).as("every record once, in send order").isEqualTo(expected);
    }
}
