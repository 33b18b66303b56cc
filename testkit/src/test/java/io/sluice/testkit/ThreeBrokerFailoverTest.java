package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.internal.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafka.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ThreeBrokerFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void hasThreeSeparateBrokers(@ThreeBrokers KafkaCluster kafka) {
        assertThat(kafka.brokerIds()).containsExactly(1, 2, 3);
        assertThat(kafka.runningBrokerIds()).containsExactly(1, 2, 3);
        assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
    }

    @Test
    void acksAllSucceedsWithTwoOfThreeInSyncAndTheRestartedLeaderRejoinsTheIsr(@ThreeBrokers KafkaCluster kafka)
            throws Exception {
        String topic = KafkaCluster.uniqueTopicName("failover");
        kafka.createTopic(topic, 1, 3, 2);
        kafka.awaitIsrFull(topic, WAIT);

        try (KafkaProducer<String, String> producer = SingleNodeTest.producer(kafka, Map.of())) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "before")).get(30, TimeUnit.SECONDS);

            int oldLeader = kafka.leader(topic, 0);
            kafka.stopBroker(oldLeader);
            assertThat(kafka.runningBrokerIds()).doesNotContain(oldLeader).hasSize(2);
            awaitIsrSize(kafka, topic, 2);
            int newLeader = kafka.leader(topic, 0);
            assertThat(newLeader).isNotEqualTo(oldLeader);

            RecordMetadata during =
                    producer.send(new ProducerRecord<>(topic, 0, "k", "during")).get(30, TimeUnit.SECONDS);
            assertThat(during.offset()).isEqualTo(1L);
            assertThat(kafka.isr(topic, 0)).hasSize(2).doesNotContain(oldLeader);

            kafka.restartBroker(oldLeader);
            kafka.awaitIsrFull(topic, WAIT);
            assertThat(kafka.isr(topic, 0)).containsExactlyInAnyOrder(1, 2, 3);

            producer.send(new ProducerRecord<>(topic, 0, "k", "after")).get(30, TimeUnit.SECONDS);
        }

        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, 3, WAIT);
        assertThat(stored).extracting(StoredRecord::valueString).containsExactly("before", "during", "after");
        assertThat(stored).extracting(StoredRecord::offset).containsExactly(0L, 1L, 2L);
    }

    private static void awaitIsrSize(KafkaCluster kafka, String topic, int size) {
        Deadline.of(WAIT)
                .await(
                        "ISR of " + topic + "-0 to shrink to " + size,
                        () -> kafka.isr(topic, 0).size() == size);
    }
}
