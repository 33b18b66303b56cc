package io.sluice.producer.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.RecordMetadata;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.errors.IllegalTransactionStateException;
import io.sluice.producer.errors.ProducerFencedException;
import io.sluice.producer.errors.TransactionAbortedException;
import io.sluice.producer.serde.StringSerializer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transactions against real brokers at both transaction protocol versions, read back with kafka-clients:
 * {@code read_committed} sees committed records only, a second producer with the same transactional id fences the
 * first, and v1 adds partitions with AddPartitionsToTxn where v2 does not.
 */
@ExtendWith({SharedKafka.class, TransactionClusters.class})
@Timeout(180)
class TransactionsOnBrokerTest {
    private static final Duration READ = Duration.ofSeconds(30);

    static SluiceProducer<String, String> transactional(KafkaCluster kafka, String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        return new SluiceProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void committedRecordsAreVisibleAndAbortedOnesAreNot(int version, TransactionClusters.Clusters clusters)
            throws Exception {
        KafkaCluster kafka = clusters.of(version);
        String many = KafkaCluster.uniqueTopicName("txn-many-v" + version);
        String one = KafkaCluster.uniqueTopicName("txn-one-v" + version);
        kafka.createTopic(many, 3, 1);
        kafka.createTopic(one, 1, 1);
        List<String> committed = new ArrayList<>();
        try (SluiceProducer<String, String> producer = transactional(kafka, many + "-tx")) {
            producer.initTransactions();
            for (int txn = 0; txn < 4; txn++) {
                boolean commit = txn % 2 == 0;
                producer.beginTransaction();
                List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    String value = "t" + txn + "-p" + p;
                    sent.add(producer.send(new ProducerRecord<>(many, p, null, value)));
                    if (commit) {
                        committed.add(value);
                    }
                }
                sent.add(producer.send(new ProducerRecord<>(one, "k", "t" + txn + "-one")));
                if (commit) {
                    producer.commitTransaction();
                    for (CompletableFuture<RecordMetadata> f : sent) {
                        assertThat(f).isCompleted();
                        assertThat(f.get().offset()).isNotNegative();
                    }
                } else {
                    producer.flush();
                    producer.abortTransaction();
                }
            }
            Map<String, Number> metrics = producer.metrics();
            assertThat(metrics.get("txn-protocol-version").intValue()).isEqualTo(version);
            if (version == 1) {
                assertThat(metrics.get("txn-add-partitions-requests").longValue())
                        .isGreaterThanOrEqualTo(4);
            } else {
                assertThat(metrics.get("txn-add-partitions-requests").longValue())
                        .isZero();
            }
            assertThat(metrics.get("txn-end-requests").longValue()).isEqualTo(4);
        }
        List<String> seen =
                values(TopicReader.readCommitted(kafka.bootstrapServers()).readAll(many, 6, READ));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(values(TopicReader.readCommitted(kafka.bootstrapServers()).readAll(one, 2, READ)))
                .containsExactly("t0-one", "t2-one");
        assertThat(TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(many, 12, READ))
                .hasSize(12);
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void aSecondProducerWithTheSameIdFencesTheFirst(int version, TransactionClusters.Clusters clusters)
            throws Exception {
        KafkaCluster kafka = clusters.of(version);
        String topic = KafkaCluster.uniqueTopicName("txn-fence-v" + version);
        kafka.createTopic(topic, 1, 1);
        String id = topic + "-tx";
        SluiceProducer<String, String> first = transactional(kafka, id);
        first.initTransactions();
        first.beginTransaction();
        first.send(new ProducerRecord<>(topic, "k", "from-the-first")).get(30, TimeUnit.SECONDS);
        try (SluiceProducer<String, String> second = transactional(kafka, id)) {
            second.initTransactions();
            assertThatThrownBy(first::commitTransaction).isInstanceOf(ProducerFencedException.class);
            assertThatThrownBy(() -> first.send(new ProducerRecord<>(topic, "k", "late")))
                    .isInstanceOf(ProducerFencedException.class);
            assertThatThrownBy(first::beginTransaction).isInstanceOf(ProducerFencedException.class);
            first.close(Duration.ofSeconds(10));

            second.beginTransaction();
            second.send(new ProducerRecord<>(topic, "k", "from-the-second"));
            second.commitTransaction();
        }
        assertThat(values(TopicReader.readCommitted(kafka.bootstrapServers()).readAll(topic, 1, READ)))
                .containsExactly("from-the-second");
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void abortFailsRecordsNotYetSentAndSendsOutsideATransactionFail(int version, TransactionClusters.Clusters clusters)
            throws Exception {
        KafkaCluster kafka = clusters.of(version);
        String topic = KafkaCluster.uniqueTopicName("txn-abort-v" + version);
        kafka.createTopic(topic, 1, 1);
        Map<String, Object> lingering = new HashMap<>();
        lingering.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        lingering.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");
        lingering.put(ProducerConfig.LINGER_MS_CONFIG, 60_000);
        lingering.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        try (SluiceProducer<String, String> producer =
                new SluiceProducer<>(lingering, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")))
                    .isInstanceOf(IllegalTransactionStateException.class)
                    .hasMessageContaining("initTransactions");
            producer.initTransactions();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")))
                    .isInstanceOf(IllegalTransactionStateException.class)
                    .hasMessageContaining("beginTransaction");
            assertThatThrownBy(producer::commitTransaction).isInstanceOf(IllegalTransactionStateException.class);
            producer.beginTransaction();
            CompletableFuture<RecordMetadata> lingered = producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            assertThatThrownBy(lingered::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TransactionAbortedException.class);
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "kept"));
            producer.commitTransaction();
        }
        assertThat(values(TopicReader.readCommitted(kafka.bootstrapServers()).readAll(topic, 1, READ)))
                .containsExactly("kept");
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void closeAbortsAnOpenTransaction(int version, TransactionClusters.Clusters clusters) throws Exception {
        KafkaCluster kafka = clusters.of(version);
        String topic = KafkaCluster.uniqueTopicName("txn-close-v" + version);
        kafka.createTopic(topic, 1, 1);
        String id = topic + "-tx";
        try (SluiceProducer<String, String> producer = transactional(kafka, id)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "open-at-close")).get(30, TimeUnit.SECONDS);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TransactionState state = admin.describeTransactions(List.of(id))
                    .description(id)
                    .get()
                    .state();
            assertThat(state).isIn(TransactionState.PREPARE_ABORT, TransactionState.COMPLETE_ABORT);
        }
        try (SluiceProducer<String, String> next = transactional(kafka, id)) {
            next.initTransactions();
            next.beginTransaction();
            next.send(new ProducerRecord<>(topic, "k", "after"));
            next.commitTransaction();
        }
        assertThat(values(TopicReader.readCommitted(kafka.bootstrapServers()).readAll(topic, 1, READ)))
                .containsExactly("after");
    }

    static List<String> values(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::valueString).toList();
    }
}
