package io.sluice.producer.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.RecordMetadata;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.errors.InvalidProducerEpochException;
import io.sluice.producer.errors.ProducerFencedException;
import io.sluice.producer.errors.TransactionAbortableException;
import io.sluice.producer.serde.StringSerializer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A transaction the coordinator timed out, against real brokers: the coordinator aborts it and bumps the epoch, the
 * producer's next write is refused with INVALID_PRODUCER_EPOCH and the transaction becomes abortable (KIP-588). With
 * transactions v2 the abort (EndTxn v5) succeeds and the same producer commits new transactions; a v1 coordinator
 * answers the abort with PRODUCER_FENCED, which is fatal.
 */
@ExtendWith({SharedKafka.class, TransactionClusters.class})
@Timeout(180)
class TransactionTimeoutOnBrokerTest {
    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void aTransactionTheCoordinatorTimedOutIsAbortableAndTheProducerGoesOn(
            int version, TransactionClusters.Clusters clusters) throws Exception {
        KafkaCluster kafka = clusters.of(version);
        String topic = KafkaCluster.uniqueTopicName("txn-timeout-v" + version);
        String id = topic + "-tx";
        kafka.createTopic(topic, 1, 1);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        // Long enough for the first write to land inside the transaction on a loaded machine (the coordinator only
        // looks for timed-out transactions every 10 s anyway), short enough for the test to see it time out.
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 5000);
        try (SluiceProducer<String, String> producer =
                new SluiceProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.partitionsFor(topic); // the topic's metadata first, so the transaction's clock starts at the write
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "timed-out")).get(30, TimeUnit.SECONDS);
            awaitAbortedByCoordinator(kafka, id);

            CompletableFuture<RecordMetadata> late = producer.send(new ProducerRecord<>(topic, "k", "late"));
            assertThatThrownBy(producer::commitTransaction)
                    .isInstanceOf(TransactionAbortableException.class)
                    .hasRootCauseInstanceOf(InvalidProducerEpochException.class);
            assertThatThrownBy(() -> late.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(InvalidProducerEpochException.class);
            if (version == 1) {
                // A v1 coordinator fences the epoch it timed out: EndTxn(abort) and InitProducerId naming it are
                // both answered PRODUCER_FENCED, so the abort ends the producer (as it does Kafka's own).
                assertThatThrownBy(producer::abortTransaction).isInstanceOf(ProducerFencedException.class);
                assertThatThrownBy(producer::beginTransaction).isInstanceOf(ProducerFencedException.class);
                return;
            }
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "after"));
            producer.commitTransaction();
        }
        assertThat(TransactionsOnBrokerTest.values(
                        TopicReader.readCommitted(kafka.bootstrapServers()).readAll(topic, 1, Duration.ofSeconds(30))))
                .containsExactly("after");
    }

    /** Polls the coordinator until it has aborted the timed-out transaction. */
    private static void awaitAbortedByCoordinator(KafkaCluster kafka, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            while (true) {
                TransactionState state = admin.describeTransactions(List.of(id))
                        .description(id)
                        .get()
                        .state();
                if (state == TransactionState.COMPLETE_ABORT) {
                    return;
                }
                assertThat(System.nanoTime()).as("still " + state).isLessThan(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }
}
