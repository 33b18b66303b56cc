package io.sluice.producer.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ConsumerGroupMetadata;
import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.ProducerConfig;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.TopicPartition;
import io.sluice.producer.serde.StringSerializer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consume-transform-produce: kafka-clients' consumer reads the input, Sluice writes the output and commits the
 * consumer's offsets in the same transaction. The group's committed offsets move exactly with the committed output;
 * an aborted round moves neither.
 */
@ExtendWith({SharedKafka.class, TransactionClusters.class})
@Timeout(180)
class ConsumeTransformProduceTest {
    private static final Duration READ = Duration.ofSeconds(30);

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void offsetsCommitAtomicallyWithTheOutput(int version, TransactionClusters.Clusters clusters) throws Exception {
        KafkaCluster kafka = clusters.of(version);
        String input = KafkaCluster.uniqueTopicName("ctp-in-v" + version);
        String output = KafkaCluster.uniqueTopicName("ctp-out-v" + version);
        String group = input + "-group";
        kafka.createTopic(input, 2, 1);
        kafka.createTopic(output, 2, 1);
        writeInput(kafka, input, 0, 10);

        try (KafkaConsumer<String, String> consumer = consumer(kafka, group);
                SluiceProducer<String, String> producer =
                        TransactionsOnBrokerTest.transactional(kafka, output + "-tx")) {
            consumer.subscribe(List.of(input));
            producer.initTransactions();

            Map<TopicPartition, OffsetAndMetadata> firstOffsets = transformRound(consumer, producer, output, 10);
            producer.commitTransaction();
            assertThat(awaitCommittedOffsets(kafka, group, offsetsOnly(firstOffsets)))
                    .isEqualTo(offsetsOnly(firstOffsets));
            assertThat(TopicReader.readCommitted(kafka.bootstrapServers()).readAll(output, 10, READ))
                    .hasSize(10);

            writeInput(kafka, input, 10, 4);
            transformRound(consumer, producer, output, 4);
            producer.abortTransaction();
            assertThat(committedOffsets(kafka, group))
                    .as("an aborted round leaves the offsets where the last commit put them")
                    .isEqualTo(offsetsOnly(firstOffsets));
            assertThat(TransactionsOnBrokerTest.values(
                            TopicReader.readCommitted(kafka.bootstrapServers()).readAll(output, 10, READ)))
                    .hasSize(10)
                    .allMatch(v -> v.startsWith("OUT-"));
            if (version == 1) {
                assertThat(producer.metrics().get("txn-add-offsets-requests").longValue())
                        .isEqualTo(2);
            } else {
                assertThat(producer.metrics().get("txn-add-offsets-requests").longValue())
                        .isZero();
            }
        }
    }

    /** Polls {@code count} records, writes one output record each and adds the consumer's position. */
    private static Map<TopicPartition, OffsetAndMetadata> transformRound(
            KafkaConsumer<String, String> consumer, SluiceProducer<String, String> producer, String output, int count) {
        List<ConsumerRecord<String, String>> polled = new ArrayList<>();
        long deadline = System.nanoTime() + READ.toNanos();
        while (polled.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(polled::add);
        }
        assertThat(polled).hasSize(count);
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, String> r : polled) {
            producer.send(new ProducerRecord<>(output, r.key(), "OUT-" + r.value()));
            offsets.put(
                    new TopicPartition(r.topic(), r.partition()),
                    new OffsetAndMetadata(r.offset() + 1, r.leaderEpoch(), "round"));
        }
        org.apache.kafka.clients.consumer.ConsumerGroupMetadata m = consumer.groupMetadata();
        producer.sendOffsetsToTransaction(
                offsets, new ConsumerGroupMetadata(m.groupId(), m.generationId(), m.memberId(), m.groupInstanceId()));
        return offsets;
    }

    private static void writeInput(KafkaCluster kafka, String topic, int from, int count) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (SluiceProducer<String, String> p =
                new SluiceProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                p.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(KafkaCluster kafka, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }

    private static Map<String, Long> offsetsOnly(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, Long> m = new HashMap<>();
        offsets.forEach((tp, o) -> m.put(tp.toString(), o.offset()));
        return m;
    }

    /**
     * The group's committed offsets once they equal {@code expected}, or as they are after 30 s. The coordinator
     * answers EndTxn before it has written the commit markers, so the offsets a transaction committed become visible
     * a moment after {@code commitTransaction()} returns.
     */
    private static Map<String, Long> awaitCommittedOffsets(KafkaCluster kafka, String group, Map<String, Long> expected)
            throws Exception {
        long deadline = System.nanoTime() + READ.toNanos();
        Map<String, Long> offsets = committedOffsets(kafka, group);
        while (!offsets.equals(expected) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            offsets = committedOffsets(kafka, group);
        }
        return offsets;
    }

    private static Map<String, Long> committedOffsets(KafkaCluster kafka, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<String, Long> m = new HashMap<>();
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((tp, o) -> m.put(tp.topic() + "-" + tp.partition(), o.offset()));
            return m;
        }
    }
}
