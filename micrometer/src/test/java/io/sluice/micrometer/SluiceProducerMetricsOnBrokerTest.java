package io.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.metrics.MetricName;
import io.sluice.producer.serde.StringSerializer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.Poll;
import io.sluice.testkit.SharedKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real producer's metrics in a Micrometer registry, under the names Micrometer gives kafka-clients' producer. */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class SluiceProducerMetricsOnBrokerTest {
    private static final Duration FAST_REFRESH = Duration.ofMillis(100);

    private static SluiceProducer<String, String> producer(KafkaCluster kafka, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("client.id", clientId);
        props.put("linger.ms", 5);
        return new SluiceProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * A topic whose partitions have already taken a write, so the measured producer's first batches are not answered
     * NOT_LEADER_OR_FOLLOWER and retried, which would count their records twice in record-send-total.
     */
    private static String warmTopic(KafkaCluster kafka, int partitions) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("micrometer");
        kafka.createTopic(topic, partitions, 1);
        try (SluiceProducer<String, String> producer = producer(kafka, "warm-up-" + UUID.randomUUID())) {
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, "warm-up")).get(30, TimeUnit.SECONDS);
            }
        }
        return topic;
    }

    private static void send(SluiceProducer<String, String> producer, String topic, int records) {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
        }
        producer.flush();
    }

    private static List<Meter> metersOf(MeterRegistry registry, String clientId) {
        return registry.getMeters().stream()
                .filter(m -> clientId.equals(m.getId().getTag("client.id")))
                .toList();
    }

    @Test
    void recordSendTotalCountsEveryRecordAndTopicAndNodeMetersFollowOnTheirOwn(KafkaCluster kafka) throws Exception {
        String topic = warmTopic(kafka, 3);
        String clientId = "micrometer-" + UUID.randomUUID();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SluiceProducer<String, String> producer = producer(kafka, clientId);
                SluiceProducerMetrics metrics =
                        new SluiceProducerMetrics(producer, Tags.of("app", "orders"), FAST_REFRESH)) {
            metrics.bindTo(registry);
            FunctionCounter sent = registry.get("kafka.producer.record.send.total")
                    .tags("client.id", clientId, "kafka.version", "unknown", "app", "orders")
                    .functionCounter();
            assertThat(registry.find("kafka.producer.topic.record.send.total")
                            .tag("topic", topic)
                            .meters())
                    .as("no topic meter before the topic is used")
                    .isEmpty();

            send(producer, topic, 250);

            assertThat(sent.count()).isEqualTo(250.0);
            assertThat(registry.get("kafka.producer.record.error.total")
                            .tag("client.id", clientId)
                            .functionCounter()
                            .count())
                    .isZero();
            Poll.until(
                    "the topic's meters",
                    Duration.ofSeconds(30),
                    () -> registry.find("kafka.producer.topic.record.send.total")
                                    .tags("client.id", clientId, "topic", topic)
                                    .functionCounter()
                            != null);
            FunctionCounter topicSent = registry.get("kafka.producer.topic.record.send.total")
                    .tags("client.id", clientId, "topic", topic, "app", "orders")
                    .functionCounter();
            assertThat(topicSent.count()).isEqualTo(250.0);
            assertThat(registry.get("kafka.producer.topic.byte.total")
                            .tag("topic", topic)
                            .functionCounter()
                            .count())
                    .isPositive();
            assertThat(registry.get("kafka.producer.node.request.total")
                            .tag("client.id", clientId)
                            .functionCounters())
                    .allSatisfy(c -> assertThat(c.getId().getTag("node.id")).startsWith("node-"))
                    .anySatisfy(c -> assertThat(c.count()).isPositive());
            assertThat(registry.get("kafka.producer.record.send.rate")
                            .tag("client.id", clientId)
                            .gauge()
                            .value())
                    .isPositive();

            send(producer, topic, 100);

            assertThat(sent.count()).isEqualTo(350.0);
            assertThat(topicSent.count()).isEqualTo(350.0);
        }
        assertThat(metersOf(registry, clientId)).as("meters left after close").isEmpty();
    }

    @Test
    void closingTheBinderRemovesItsMetersAndOnlyItsOwn(KafkaCluster kafka) throws Exception {
        String topic = warmTopic(kafka, 1);
        String kept = "micrometer-kept-" + UUID.randomUUID();
        String closed = "micrometer-closed-" + UUID.randomUUID();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SluiceProducer<String, String> keptProducer = producer(kafka, kept);
                SluiceProducer<String, String> closedProducer = producer(kafka, closed);
                SluiceProducerMetrics keptMetrics = new SluiceProducerMetrics(keptProducer)) {
            send(keptProducer, topic, 10);
            send(closedProducer, topic, 10);
            keptMetrics.bindTo(registry);
            SluiceProducerMetrics closedMetrics = new SluiceProducerMetrics(closedProducer);
            closedMetrics.bindTo(registry);
            int keptCount = metersOf(registry, kept).size();
            assertThat(metersOf(registry, closed))
                    .hasSize(closedProducer.kafkaMetrics().size());
            assertThat(registry.get("kafka.producer.topic.record.send.total")
                            .tags("client.id", closed, "topic", topic)
                            .functionCounter()
                            .count())
                    .isEqualTo(10.0);

            closedMetrics.close();

            assertThat(metersOf(registry, closed)).isEmpty();
            assertThat(metersOf(registry, kept)).hasSize(keptCount);
        }
    }

    /**
     * Micrometer's own binder on a kafka-clients producer is the oracle: each meter Sluice's binder registers has the
     * name, type and tag keys of one Micrometer registers for kafka-clients, and no metric is lost on the way.
     */
    @Test
    void everyMeterIsOneMicrometerGivesKafkaClientsWithTheSameTypeAndTagKeys(KafkaCluster kafka) throws Exception {
        String topic = warmTopic(kafka, 2);
        SimpleMeterRegistry oracle = new SimpleMeterRegistry();
        SimpleMeterRegistry ours = new SimpleMeterRegistry();
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("client.id", "oracle-" + UUID.randomUUID());
        props.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        props.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        try (KafkaProducer<String, String> kafkaProducer = new KafkaProducer<>(props);
                SluiceProducer<String, String> producer = producer(kafka, "micrometer-" + UUID.randomUUID())) {
            for (int i = 0; i < 10; i++) {
                kafkaProducer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            kafkaProducer.flush();
            send(producer, topic, 10);
            try (KafkaClientMetrics expected = new KafkaClientMetrics(kafkaProducer);
                    SluiceProducerMetrics actual = new SluiceProducerMetrics(producer)) {
                expected.bindTo(oracle);
                actual.bindTo(ours);

                Map<String, String> expectedShapes = shapes(oracle);
                Map<String, String> allShapes = shapes(ours);
                // Sluice's own per-stage latencies have no kafka-clients counterpart; the rest must match.
                Map<String, String> actualShapes = new TreeMap<>(allShapes);
                actualShapes.keySet().removeIf(name -> name.startsWith("kafka.producer.stage."));
                assertThat(allShapes)
                        .containsEntry("kafka.producer.stage.wire.time.p99", "GAUGE [client.id, kafka.version]");
                assertThat(expectedShapes).containsAllEntriesOf(actualShapes);
                Set<String> sluiceMetrics = producer.kafkaMetrics().keySet().stream()
                        .map(SluiceProducerMetricsOnBrokerTest::groupAndName)
                        .collect(Collectors.toSet());
                assertThat(allShapes).hasSameSizeAs(sluiceMetrics);
                Set<String> onlyMicrometers = new TreeSet<>(expectedShapes.keySet());
                onlyMicrometers.removeAll(actualShapes.keySet());
                // Every kafka-clients producer metric has its meter; app-info is kafka-clients' own release data.
                assertThat(onlyMicrometers)
                        .as("Micrometer's meters for kafka-clients that Sluice has no metric for")
                        .containsExactly("kafka.app.info.start.time.ms");
                assertThat(actualShapes)
                        .containsKeys(
                                "kafka.producer.record.send.total",
                                "kafka.producer.node.request.latency.avg",
                                "kafka.producer.topic.record.send.total");
            }
        }
    }

    private static String groupAndName(MetricName name) {
        return name.group() + "/" + name.name();
    }

    /** Each meter name with its type and its sorted tag keys, e.g. {@code COUNTER [client.id, kafka.version]}. */
    private static Map<String, String> shapes(MeterRegistry registry) {
        Map<String, String> shapes = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            List<String> keys =
                    meter.getId().getTags().stream().map(Tag::getKey).sorted().toList();
            shapes.put(meter.getId().getName(), meter.getId().getType() + " " + keys);
        }
        return shapes;
    }
}
