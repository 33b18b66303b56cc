package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Flush, close, metrics, bootstrap and oversized batches against a real broker. */
@ExtendWith(SharedKafka.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LifecycleTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final String NETWORK_THREAD = "sluice-producer-network-thread";

    @Test
    void flushWaitsForEverythingSentBeforeIt(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("flush");
        kafka.createTopic(topic, 4, 1);
        try (SluiceProducer<String, String> producer =
                ProducerTestSupport.producer(kafka, Map.of(ProducerConfig.LINGER_MS_CONFIG, 60_000))) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i))));
            }
            // linger.ms is a minute: only flush can make these go now.
            producer.flush();
            assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        }
    }

    @Test
    void closeWithRecordsInFlightSettlesEachOneAndLeavesNoThread(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("close");
        kafka.createTopic(topic, 4, 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, Map.of());
        for (int i = 0; i < 50_000; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i))));
        }
        producer.close(Duration.ofMillis(50));
        producer.close();
        producer.close(Duration.ZERO);

        int delivered = 0;
        for (CompletableFuture<RecordMetadata> f : futures) {
            assertThat(f).as("settled by close").isDone();
            try {
                f.get();
                delivered++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).hasMessageContaining("close");
            }
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, delivered, READ_TIMEOUT);
        assertThat(stored.size()).isGreaterThanOrEqualTo(delivered);
        assertNoNetworkThreadLeft();
    }

    @Test
    void closeWithoutTimeoutDeliversEverything(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("close-all");
        kafka.createTopic(topic, 4, 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, Map.of())) {
            for (int i = 0; i < 20_000; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i))));
            }
        }
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, 20_000, READ_TIMEOUT))
                .hasSize(20_000);
        assertNoNetworkThreadLeft();
    }

    private static void assertNoNetworkThreadLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith(NETWORK_THREAD) && t.isAlive())) {
            assertThat(System.nanoTime()).as("network threads still alive").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void metricsReportSendsBytesBatchesLatencyAndBuffer(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("metrics");
        kafka.createTopic(topic, 2, 1);
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, Map.of())) {
            for (int i = 0; i < 1000; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i)));
            }
            producer.flush();
            Map<String, Number> m = producer.metrics();
            assertThat(m.get("record-send-total").longValue()).isGreaterThanOrEqualTo(1000);
            assertThat(m.get("record-send-rate").doubleValue()).isPositive();
            assertThat(m.get("outgoing-byte-rate").doubleValue()).isPositive();
            assertThat(m.get("batch-size-avg").doubleValue()).isPositive();
            assertThat(m.get("records-per-request-avg").doubleValue()).isPositive();
            assertThat(m.get("request-latency-avg").doubleValue()).isPositive();
            assertThat(m.get("request-latency-max").doubleValue()).isPositive();
            assertThat(m).containsKeys("record-retry-total", "record-error-total", "waiting-threads");
            assertThat(m.get("buffer-available-bytes").longValue()).isPositive();
        }
    }

    @Test
    void bootstrapsPastADeadAddressAndPastOneThatNeverAnswers(KafkaCluster kafka) throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String topic = KafkaCluster.uniqueTopicName("bootstrap");
            kafka.createTopic(topic, 1, 1);
            Map<String, Object> overrides = new HashMap<>();
            overrides.put(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:" + deadPort + ",127.0.0.1:" + silent.getLocalPort() + "," + kafka.bootstrapServers());
            overrides.put(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000);
            overrides.put(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 1000);
            try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, overrides)) {
                RecordMetadata md =
                        producer.send(new ProducerRecord<>(topic, "hello")).get(30, TimeUnit.SECONDS);
                assertThat(md.hasOffset()).isTrue();
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void splitsABatchTheBrokerFindsTooLargeAndDeliversEveryRecord(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("split");
        kafka.createTopic(topic, 1, 1, Map.of("max.message.bytes", "4000"));
        Map<String, Object> overrides = Map.of(
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 1000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20000);
        String value = "x".repeat(400);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, overrides)) {
            for (int i = 0; i < 300; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, i + ":" + value)));
            }
            producer.flush();
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get(30, TimeUnit.SECONDS).offset()).isEqualTo(i);
            }
            assertThat(producer.metrics().get("record-retry-total").longValue()).isPositive();
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, 300, READ_TIMEOUT);
        assertThat(stored).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(stored.get(i).valueString()).startsWith(i + ":");
        }
    }
}
