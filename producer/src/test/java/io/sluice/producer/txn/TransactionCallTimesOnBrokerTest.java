package io.sluice.producer.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ConsumerGroupMetadata;
import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.TopicPartition;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each public transaction call adds the time it blocked to its {@code txn-*-time-ns-total}, as kafka-clients' do;
 * {@code txn-prepare-time-ns-total} is there and stays 0, as Sluice has no two-phase commit.
 */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class TransactionCallTimesOnBrokerTest {

    private static double metric(SluiceProducer<?, ?> producer, String name) {
        return producer.metrics().get(name).doubleValue();
    }

    @Test
    void everyTransactionCallAddsItsTimeToItsOwnTotal(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("txn-times");
        kafka.createTopic(topic, 1, 1);
        try (SluiceProducer<String, String> producer = TransactionsOnBrokerTest.transactional(kafka, topic + "-tx")) {
            assertThat(metric(producer, "txn-init-time-ns-total")).isZero();
            producer.initTransactions();
            assertThat(metric(producer, "txn-init-time-ns-total")).isPositive();

            producer.beginTransaction();
            assertThat(metric(producer, "txn-begin-time-ns-total")).isPositive();
            producer.send(new ProducerRecord<>(topic, "k", "v"));
            producer.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)),
                    new ConsumerGroupMetadata(topic + "-group"));
            double sendOffsets = metric(producer, "txn-send-offsets-time-ns-total");
            assertThat(sendOffsets).isPositive();
            producer.sendOffsetsToTransaction(Map.of(), new ConsumerGroupMetadata(topic + "-group"));
            assertThat(metric(producer, "txn-send-offsets-time-ns-total"))
                    .as("kafka-clients does not time a call without offsets")
                    .isEqualTo(sendOffsets);
            assertThat(metric(producer, "txn-commit-time-ns-total")).isZero();
            producer.commitTransaction();
            assertThat(metric(producer, "txn-commit-time-ns-total")).isPositive();
            assertThat(metric(producer, "flush-time-ns-total"))
                    .as("as in kafka-clients, the commit's own flush counts as commit time only")
                    .isZero();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            assertThat(metric(producer, "txn-abort-time-ns-total")).isZero();
            producer.abortTransaction();
            assertThat(metric(producer, "txn-abort-time-ns-total")).isPositive();

            assertThat(metric(producer, "txn-prepare-time-ns-total")).isZero();
        }
    }
}
