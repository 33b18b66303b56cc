package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.TopicReader;
import io.sluice.testkit.proxy.FaultProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code metadata.cluster.check.enable} (KIP-1242) against real 4.4 brokers: cluster B advertises its broker at an
 * address that later leads to another cluster's broker (A, the shared node), as when an address is reused. With the
 * check A refuses the connection and every failed record says why; without it the producer talks to A as if it were
 * B's broker and may take A's metadata from it, and then writes to the wrong cluster.
 */
@ExtendWith(SharedKafka.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MisroutedConnectionTest {
    private static final int RECORDS = 20;

    private int advertisedPort;
    private KafkaCluster clusterB;
    private FaultProxy address;

    @BeforeAll
    void startClusterB(KafkaCluster clusterA) {
        // Reserve a port for B's advertised address before B starts; the proxy behind it changes target later.
        address = FaultProxy.start(target(clusterA));
        advertisedPort = address.port();
        clusterB = KafkaCluster.builder()
                .brokerProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + advertisedPort)
                .start();
        pointAddressAt(clusterB);
    }

    @AfterAll
    void stopClusterB() {
        address.close();
        clusterB.close();
    }

    /** What became of the records sent after B's address moved to A. */
    private record Outcome(long writtenToA, List<String> failures) {}

    @Test
    void aBrokerOfAnotherClusterRefusesTheConnectionAndTheErrorSaysSo(KafkaCluster clusterA) throws Exception {
        Outcome outcome = sendAcrossTheAddressChange(clusterA, true);

        assertThat(outcome.writtenToA())
                .as("records stored in the wrong cluster")
                .isZero();
        assertThat(outcome.failures())
                .hasSize(RECORDS)
                .allSatisfy(message ->
                        assertThat(message).contains("is not node 1 of cluster").contains("REBOOTSTRAP_REQUIRED"));
    }

    @Test
    void withoutTheCheckTheWrongClusterIsTalkedToAndMayStoreTheRecords(KafkaCluster clusterA) throws Exception {
        Outcome outcome = sendAcrossTheAddressChange(clusterA, false);

        // A answers as if it were B's broker: with B's topic id it knows no such topic; once the producer has taken
        // A's metadata through the same connection, A stores the records. Which comes first is a race.
        System.out.printf(
                "without metadata.cluster.check.enable: %d of %d records stored in the wrong cluster%n",
                outcome.writtenToA(), RECORDS);
        assertThat(outcome.writtenToA() + outcome.failures().size()).isEqualTo(RECORDS);
        assertThat(outcome.failures()).allSatisfy(message -> assertThat(message).contains("UNKNOWN_TOPIC_ID"));
    }

    /** Sends one record to B, moves B's advertised address to A, then sends more. */
    private Outcome sendAcrossTheAddressChange(KafkaCluster clusterA, boolean check) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("misrouted");
        pointAddressAt(clusterB); // B's admin client follows the advertised address too
        clusterA.createTopic(topic, 1, 1);
        clusterB.createTopic(topic, 1, 1);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusterB.bootstrapServers());
        config.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        config.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        // Without idempotence the wrong broker sees plain produce requests, nothing that would give it away.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000);
        config.put(ProducerConfig.METADATA_CLUSTER_CHECK_ENABLE_CONFIG, check);
        List<String> failures = new ArrayList<>();
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, "before the move")).get(30, TimeUnit.SECONDS);
            pointAddressAt(clusterA);
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "after the move " + i)));
            }
            for (CompletableFuture<RecordMetadata> f : futures) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
        }
        long writtenToA = TopicReader.readUncommitted(clusterA.bootstrapServers())
                .readAll(topic, Duration.ofSeconds(30))
                .size();
        return new Outcome(writtenToA, failures);
    }

    /** Makes B's advertised address lead to {@code cluster}'s broker, dropping the connections it had. */
    private void pointAddressAt(KafkaCluster cluster) {
        address.close();
        address = FaultProxy.start(advertisedPort, target(cluster), FaultProxy.DEFAULT_MAX_CONNECTIONS);
    }

    private static InetSocketAddress target(KafkaCluster cluster) {
        String hostPort = cluster.bootstrapServers().split(",")[0];
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
