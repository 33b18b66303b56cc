package io.sluice.compat.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.producer.ConsumerGroupMetadata;
import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.ProducerConfig;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.TopicPartition;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transactions, consume-transform-produce: kafka-clients' consumer reads the input and Sluice writes the output
 * and the consumer's offsets in one transaction. A committed round is visible to read_committed and moves the
 * group's offsets; an aborted round is invisible and moves nothing. Run at each {@code transaction.version} the
 * broker can finalize, which the test sets first, and checked to be the protocol the producer spoke.
 */
interface TransactionContract extends BrokerUnderTest {
    Duration READ = Duration.ofSeconds(30);
    int PARTITIONS = 2;
    int ROUND = 10;

    @Test
    default void theBrokerOffersTheTransactionVersionsOfItsRelease() {
        short supported = broker().supportedMaxLevel(TRANSACTION_VERSION);
        String what = "the newest transaction.version Kafka " + broker().kafkaVersion() + " supports";
        if (newestTransactionVersion() < 2) {
            assertThat(supported).as(what).isLessThan((short) 2);
        } else {
            assertThat(supported).as(what).isGreaterThanOrEqualTo((short) 2);
        }
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    default void committedRoundsAreVisibleWithTheirOffsetsAndAbortedOnesAreNot(int version) throws Exception {
        assumeTrue(
                version <= newestTransactionVersion(),
                () -> "Kafka " + broker().kafkaVersion() + " has no transaction.version " + version);
        // Kafka 3.9 has no transaction.version feature: its transactions are the classic protocol, as at level 1.
        if (broker().supportedMaxLevel(TRANSACTION_VERSION) >= 2) {
            broker().setFeatureLevel(TRANSACTION_VERSION, (short) version);
        }
        String input = uniqueTopic("txn-in-v" + version);
        String output = uniqueTopic("txn-out-v" + version);
        String group = input + "-group";
        broker().createTopic(input, PARTITIONS);
        broker().createTopic(output, PARTITIONS);
        writeInput(input, 0, ROUND);

        try (KafkaConsumer<String, String> consumer = consumer(group);
                SluiceProducer<String, String> producer = producer(Map.of(
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        output + "-tx",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        60_000))) {
            consumer.subscribe(List.of(input));
            producer.initTransactions();

            Map<String, Long> committed = transformRound(consumer, producer, output, ROUND);
            producer.commitTransaction();
            assertThat(awaitOffsets(group, committed)).isEqualTo(committed);
            assertThat(values(TopicReader.readCommitted(broker().directBootstrapServers())
                            .readAll(output, ROUND, READ)))
                    .hasSize(ROUND)
                    .allMatch(v -> v.startsWith("OUT-v"));

            writeInput(input, ROUND, ROUND);
            transformRound(consumer, producer, output, ROUND);
            producer.flush();
            producer.abortTransaction();
            assertThat(offsets(group)).as("an aborted round moves no offset").isEqualTo(committed);
            assertThat(TopicReader.readCommitted(broker().directBootstrapServers())
                            .readAll(output, ROUND, READ))
                    .as("read_committed sees the committed round only")
                    .hasSize(ROUND);
            assertThat(TopicReader.readUncommitted(broker().directBootstrapServers())
                            .readAll(output, 2 * ROUND, READ))
                    .as("the aborted round's records are in the log")
                    .hasSize(2 * ROUND);

            Map<String, Number> metrics = producer.metrics();
            assertThat(metrics.get("txn-protocol-version").intValue())
                    .as("the transaction protocol spoken with Kafka %s", broker().kafkaVersion())
                    .isEqualTo(version);
            // v1 adds partitions and the group with their own requests; v2 (KIP-890) does without them.
            Set<String> v1Requests = Set.of("txn-add-partitions-requests", "txn-add-offsets-requests");
            for (String name : v1Requests) {
                if (version == 1) {
                    assertThat(metrics.get(name).longValue()).as(name).isPositive();
                } else {
                    assertThat(metrics.get(name).longValue()).as(name).isZero();
                }
            }
            assertThat(metrics.get("txn-end-requests").longValue()).isEqualTo(2);
        }
    }

    /** Polls {@code count} input records and, in a new transaction, writes one output record each and the offsets. */
    private Map<String, Long> transformRound(
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
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        org.apache.kafka.clients.consumer.ConsumerGroupMetadata m = consumer.groupMetadata();
        producer.sendOffsetsToTransaction(
                offsets, new ConsumerGroupMetadata(m.groupId(), m.generationId(), m.memberId(), m.groupInstanceId()));
        Map<String, Long> plain = new HashMap<>();
        offsets.forEach((tp, o) -> plain.put(tp.topic() + "-" + tp.partition(), o.offset()));
        return plain;
    }

    private void writeInput(String topic, int from, int count) throws Exception {
        try (SluiceProducer<String, String> p = producer(Map.of())) {
            for (int i = from; i < from + count; i++) {
                p.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private KafkaConsumer<String, String> consumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().directBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }

    /**
     * The group's committed offsets once they equal {@code expected}, or as they are after {@link #READ}: the
     * coordinator answers EndTxn before it has written the markers, so committed offsets show a moment later.
     */
    private Map<String, Long> awaitOffsets(String group, Map<String, Long> expected) throws Exception {
        long deadline = System.nanoTime() + READ.toNanos();
        Map<String, Long> now = offsets(group);
        while (!now.equals(expected) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            now = offsets(group);
        }
        return now;
    }

    private Map<String, Long> offsets(String group) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker().directBootstrapServers()))) {
            Map<String, Long> m = new HashMap<>();
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, o) -> m.put(tp.topic() + "-" + tp.partition(), o.offset()));
            return m;
        }
    }

    private static List<String> values(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::valueString).toList();
    }
}
