package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafka.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SingleNodeTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void readsBackEveryRecordWithPartitionOffsetKeyValueAndHeaders(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("single");
        kafka.createTopic(topic, 2, 1);

        try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
            ProducerRecord<String, String> withHeader = new ProducerRecord<>(topic, 1, 1234L, "k1", "v1");
            withHeader.headers().add("h", "hv".getBytes(StandardCharsets.UTF_8));
            producer.send(withHeader).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 0, "k0", "v0")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 1, null, "v2")).get(30, TimeUnit.SECONDS);
        }

        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, 3, READ_TIMEOUT);

        assertThat(stored).extracting(StoredRecord::partition).containsExactly(0, 1, 1);
        assertThat(stored).extracting(StoredRecord::offset).containsExactly(0L, 0L, 1L);
        assertThat(stored).extracting(StoredRecord::keyString).containsExactly("k0", "k1", null);
        assertThat(stored).extracting(StoredRecord::valueString).containsExactly("v0", "v1", "v2");
        assertThat(stored.get(1).timestamp()).isEqualTo(1234L);
        assertThat(stored.get(1).headers()).hasSize(1);
        assertThat(stored.get(1).headers().get(0).key()).isEqualTo("h");
        assertThat(stored.get(1).headers().get(0).valueString()).isEqualTo("hv");
    }

    @Test
    void readCommittedSkipsAbortedTransactionsThatReadUncommittedReturns(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("txn");
        kafka.createTopic(topic, 1, 1);

        try (KafkaProducer<String, String> producer =
                producer(kafka, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-txn"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "committed"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "b", "aborted"));
            producer.flush();
            producer.abortTransaction();
        }

        List<StoredRecord> committed =
                TopicReader.readCommitted(kafka.bootstrapServers()).readAll(topic, 1, READ_TIMEOUT);
        List<StoredRecord> uncommitted =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, 2, READ_TIMEOUT);

        assertThat(committed).extracting(StoredRecord::valueString).containsExactly("committed");
        assertThat(uncommitted).extracting(StoredRecord::valueString).containsExactly("committed", "aborted");
    }

    @Test
    void returnsRecordsBeyondTheExpectedCountUpToTheEndOfTheTopic(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("extra");
        kafka.createTopic(topic, 3, 1);
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>(topic, p, "k", "v" + p)).get(30, TimeUnit.SECONDS);
            }
        }

        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, 1, READ_TIMEOUT);
        List<StoredRecord> toEnd =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, READ_TIMEOUT);

        assertThat(stored).extracting(StoredRecord::valueString).containsExactly("v0", "v1", "v2");
        assertThat(toEnd).extracting(StoredRecord::valueString).containsExactly("v0", "v1", "v2");
    }

    @Test
    void readingATopicThatDoesNotExistReturnsNothingAtTheDeadline(KafkaCluster kafka) {
        List<StoredRecord> stored = TopicReader.readUncommitted(kafka.bootstrapServers())
                .readAll(KafkaCluster.uniqueTopicName("missing"), 1, Duration.ofSeconds(1));

        assertThat(stored).isEmpty();
    }

    static KafkaProducer<String, String> producer(KafkaCluster kafka, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(config);
    }
}
