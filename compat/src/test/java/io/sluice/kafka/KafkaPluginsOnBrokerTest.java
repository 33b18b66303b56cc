package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.ClusterResource;
import org.apache.kafka.common.ClusterResourceListener;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** kafka-clients plug-ins, named by class, are created, configured, called and closed as kafka-clients does. */
@ExtendWith(CompatKafka.class)
@Timeout(120)
class KafkaPluginsOnBrokerTest {
    private static final Duration READ = Duration.ofSeconds(30);
    /** What the plug-ins below saw, by plug-in and event; tests use unique client ids, so runs do not mix. */
    static final Map<String, List<String>> EVENTS = new ConcurrentHashMap<>();

    static void event(Object clientId, String what) {
        EVENTS.computeIfAbsent(String.valueOf(clientId), k -> new CopyOnWriteArrayList<>())
                .add(what);
    }

    @Test
    void aThirdPartySerializerNamedByClassWritesItsBytesAndHeaders(Broker broker) {
        String topic = Broker.uniqueTopic("json");
        broker.createTopic(topic, 1);
        Map<String, Object> settings = SendAndTransactionsTest.settings(broker);
        settings.put("value.serializer", "org.springframework.kafka.support.serializer.JsonSerializer");
        try (Producer<String, Object> producer = new SluiceKafkaProducer<>(settings)) {
            producer.send(new ProducerRecord<>(topic, "k", Map.of("word", "sluice", "count", 3)));
        }
        List<ConsumerRecord<byte[], byte[]>> records = broker.read(topic, "read_uncommitted", 1, READ);
        assertThat(records).hasSize(1);
        String json = new String(records.get(0).value(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"word\":\"sluice\"").contains("\"count\":3");
        assertThat(records.get(0).headers().lastHeader("__TypeId__"))
                .as("the type header JsonSerializer adds reaches the broker")
                .isNotNull();
    }

    @Test
    void partitionerInterceptorAndReporterByClassSeeTheirWholeLifecycle(Broker broker) throws Exception {
        String topic = Broker.uniqueTopic("plugins");
        broker.createTopic(topic, 3);
        String clientId = Broker.uniqueTopic("client");
        Map<String, Object> settings = SendAndTransactionsTest.settings(broker);
        settings.put("client.id", clientId);
        settings.put("partitioner.class", LastPartition.class.getName());
        settings.put("interceptor.classes", List.of(CountingInterceptor.class));
        settings.put("metric.reporters", RecordingReporter.class.getName());
        RecordMetadata md;
        try (Producer<String, String> producer = new SluiceKafkaProducer<>(settings)) {
            md = producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
        }
        assertThat(md.partition()).isEqualTo(2);
        assertThat(EVENTS.get(clientId))
                .contains(
                        "partitioner.configure",
                        "partitioner.partition:3",
                        "partitioner.close",
                        "interceptor.configure",
                        "interceptor.cluster",
                        "interceptor.onSend",
                        "interceptor.ack:2",
                        "interceptor.close",
                        "reporter.configure",
                        "reporter.init",
                        "reporter.close")
                .anyMatch(e -> e.startsWith("reporter.metric:record-send-total"));
    }

    @Test
    void configProvidersResolveVariablesInSettings(Broker broker, @TempDir Path dir) throws Exception {
        String clientId = Broker.uniqueTopic("provided");
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "id=" + clientId + "\n");
        Map<String, Object> settings = SendAndTransactionsTest.settings(broker);
        settings.put("config.providers", "file");
        settings.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        settings.put("client.id", "${file:" + file + ":id}");
        try (Producer<String, String> producer = new SluiceKafkaProducer<>(settings)) {
            assertThat(producer.metrics().keySet())
                    .anyMatch(n -> clientId.equals(n.tags().get("client-id")));
        }
    }

    /** Sends every keyed record to the last partition. */
    public static final class LastPartition implements Partitioner {
        private Object clientId;

        /** Created by class name. */
        public LastPartition() {}

        @Override
        public void configure(Map<String, ?> configs) {
            clientId = configs.get("client.id");
            event(clientId, "partitioner.configure");
        }

        @Override
        public int partition(String topic, Object key, byte[] kb, Object value, byte[] vb, Cluster cluster) {
            int count = cluster.partitionCountForTopic(topic);
            event(clientId, "partitioner.partition:" + count);
            return count - 1;
        }

        @Override
        public void close() {
            event(clientId, "partitioner.close");
        }
    }

    /** Records what it is told. */
    public static final class CountingInterceptor
            implements ProducerInterceptor<String, String>, ClusterResourceListener {
        private Object clientId;

        /** Created by class. */
        public CountingInterceptor() {}

        @Override
        public void configure(Map<String, ?> configs) {
            clientId = configs.get("client.id");
            event(clientId, "interceptor.configure");
        }

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            event(clientId, "interceptor.onSend");
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            event(clientId, exception == null ? "interceptor.ack:" + metadata.partition() : "interceptor.error");
        }

        @Override
        public void onUpdate(ClusterResource clusterResource) {
            event(clientId, "interceptor.cluster");
        }

        @Override
        public void close() {
            event(clientId, "interceptor.close");
        }
    }

    /** Records the metrics it is told about. */
    public static final class RecordingReporter implements MetricsReporter {
        private final AtomicInteger inits = new AtomicInteger();
        private Object clientId;

        /** Created by class name. */
        public RecordingReporter() {}

        @Override
        public void configure(Map<String, ?> configs) {
            clientId = configs.get("client.id");
            event(clientId, "reporter.configure");
        }

        @Override
        public void init(List<KafkaMetric> metrics) {
            inits.incrementAndGet();
            event(clientId, "reporter.init");
        }

        @Override
        public void metricChange(KafkaMetric metric) {
            event(clientId, "reporter.metric:" + metric.metricName().name());
        }

        @Override
        public void metricRemoval(KafkaMetric metric) {}

        @Override
        public void close() {
            event(clientId, "reporter.close");
        }
    }
}
