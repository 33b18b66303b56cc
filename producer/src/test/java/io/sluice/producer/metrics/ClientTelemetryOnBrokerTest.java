package io.sluice.producer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.serde.StringSerializer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.telemetry.ClientTelemetryRecorder;
import io.sluice.testkit.telemetry.TelemetryPush;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.KeyValue;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Metric;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * KIP-714 client telemetry against a real broker with testkit's recording plugin. The plugin must be in the broker's
 * {@code metric.reporters} from the start, and with it every client of that broker would subscribe and push, so
 * this class runs a broker of its own rather than changing the shared ones.
 */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class ClientTelemetryOnBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> SUBSCRIBED =
            List.of("org.apache.kafka.producer.record.send.", "org.apache.kafka.producer.node.request.");
    private static final Logger TELEMETRY_LOG = Logger.getLogger("io.sluice.producer.internal.telemetry");

    private static KafkaCluster kafka;
    private static String topic;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void startBrokerWithTheRecorder() {
        kafka = KafkaCluster.builder()
                .brokerProperties(ClientTelemetryRecorder.brokerProperties())
                .start();
        ClientTelemetryRecorder.subscribe(kafka, "sluice-test", SUBSCRIBED, 500, "client_id=telemetry-sub-.*");
        topic = KafkaCluster.uniqueTopicName("telemetry");
        kafka.createTopic(topic, 1, 1);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void captureTelemetryLogs() {
        capture.setLevel(Level.ALL);
        TELEMETRY_LOG.setLevel(Level.ALL);
        TELEMETRY_LOG.addHandler(capture);
    }

    @AfterEach
    void nothingAboveDebug() {
        TELEMETRY_LOG.removeHandler(capture);
        TELEMETRY_LOG.setLevel(null);
        assertThat(logged)
                .as("telemetry logs at debug only")
                .allMatch(r -> r.getLevel().intValue() <= Level.FINE.intValue());
    }

    private static SluiceProducer<String, String> producer(KafkaCluster cluster, String clientId, boolean push) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put("client.id", clientId);
        props.put("enable.metrics.push", push);
        return new SluiceProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static void sendAcknowledged(SluiceProducer<String, String> producer, int records) throws Exception {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void pushesTheSubscribedMetricsUnderTheIdItReportsAndATerminatingPushOnClose() throws Exception {
        UUID id;
        try (SluiceProducer<String, String> producer = producer(kafka, "telemetry-sub-" + UUID.randomUUID(), true)) {
            sendAcknowledged(producer, 10);
            id = producer.clientInstanceId(WAIT);
            assertThat(id).isNotNull();
            // Counters go out as deltas (the broker asks for delta temporality): once they add up to the ten records
            // sent, the pushes have carried exactly what the producer counted.
            List<TelemetryPush> pushes = ClientTelemetryRecorder.awaitPushes(
                    id, p -> sumOf(p, "org.apache.kafka.producer.record.send.total") == 10, WAIT);
            for (TelemetryPush push : pushes) {
                assertThat(push.terminating()).isFalse();
                assertThat(push.metricNames())
                        .isNotEmpty()
                        .allMatch(name -> SUBSCRIBED.stream().anyMatch(name::startsWith), "a subscribed name");
            }
            assertThat(pushes.get(pushes.size() - 1).metricNames())
                    .contains(
                            "org.apache.kafka.producer.record.send.total",
                            "org.apache.kafka.producer.record.send.rate",
                            "org.apache.kafka.producer.node.request.total");
            assertThat(resourceAttribute(pushes.get(0), "client_id")).startsWith("telemetry-sub-");
        }
        assertThat(ClientTelemetryRecorder.pushesFor(id))
                .as("close sent a terminating push before it returned")
                .last()
                .matches(TelemetryPush::terminating);
    }

    @Test
    void withoutASubscriptionOrWithPushOffNothingIsPushed() throws Exception {
        String unsubscribedClient = "telemetry-none-" + UUID.randomUUID();
        String disabledClient = "telemetry-sub-off-" + UUID.randomUUID();
        try (SluiceProducer<String, String> unsubscribed = producer(kafka, unsubscribedClient, true);
                SluiceProducer<String, String> disabled = producer(kafka, disabledClient, false);
                SluiceProducer<String, String> control =
                        producer(kafka, "telemetry-sub-control-" + UUID.randomUUID(), true)) {
            sendAcknowledged(unsubscribed, 1);
            sendAcknowledged(disabled, 1);
            sendAcknowledged(control, 1);
            UUID unsubscribedId = unsubscribed.clientInstanceId(WAIT);
            assertThat(unsubscribedId)
                    .as("the broker assigns ids to unsubscribed clients too")
                    .isNotNull();
            assertThatThrownBy(() -> disabled.clientInstanceId(WAIT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("enable.metrics.push");
            // The subscribed control producer pushes every 500 ms; by its third push the others had their chances.
            ClientTelemetryRecorder.awaitPushes(control.clientInstanceId(WAIT), p -> p.size() >= 3, WAIT);
            assertThat(ClientTelemetryRecorder.pushesFor(unsubscribedId)).isEmpty();
            assertThat(ClientTelemetryRecorder.allPushes())
                    .noneMatch(p -> disabledClient.equals(resourceAttribute(p, "client_id")));
        }
        assertThat(logged)
                .as("the empty subscription is noted once, at debug")
                .anyMatch(r -> r.getLevel() == Level.FINE && r.getMessage().contains("no client metrics subscribed"));
    }

    @Test
    void aBrokerWithoutTelemetryIsLeftAloneQuietly(KafkaCluster shared) throws Exception {
        try (SluiceProducer<String, String> producer = producer(shared, "telemetry-plain-" + UUID.randomUUID(), true)) {
            String plainTopic = KafkaCluster.uniqueTopicName("telemetry-plain");
            shared.createTopic(plainTopic, 1, 1);
            producer.send(new ProducerRecord<>(plainTopic, "k", "v")).get(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            assertThat(producer.clientInstanceId(WAIT)).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("answered as soon as the broker's API versions were known, not at the timeout")
                    .isLessThan(WAIT);
        }
        assertThat(logged)
                .anyMatch(r -> r.getLevel() == Level.FINE && r.getMessage().contains("client telemetry off"));
    }

    private static double sumOf(List<TelemetryPush> pushes, String name) {
        double sum = 0;
        for (TelemetryPush push : pushes) {
            for (Metric m : push.allMetrics()) {
                if (m.getName().equals(name) && m.hasSum()) {
                    for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                        sum += p.getAsDouble();
                    }
                }
            }
        }
        return sum;
    }

    private static String resourceAttribute(TelemetryPush push, String key) {
        for (var rm : push.metrics().getResourceMetricsList()) {
            for (KeyValue kv : rm.getResource().getAttributesList()) {
                if (kv.getKey().equals(key)) {
                    return kv.getValue().getStringValue();
                }
            }
        }
        return null;
    }
}
