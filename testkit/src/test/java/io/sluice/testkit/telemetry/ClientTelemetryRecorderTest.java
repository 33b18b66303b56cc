package io.sluice.testkit.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The recorder behind a real broker, fed by kafka-clients' own producer: the reference KIP-714 client. */
@Timeout(120)
class ClientTelemetryRecorderTest {
    private static KafkaCluster kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaCluster.builder()
                .brokerProperties(ClientTelemetryRecorder.brokerProperties())
                .start();
        ClientTelemetryRecorder.subscribe(
                kafka, "recorder-test", List.of("org.apache.kafka.producer."), 500, "client_id=recorder-test-.*");
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void recordsThePushesOfKafkasProducerUnderItsClientInstanceId() {
        String topic = KafkaCluster.uniqueTopicName("recorder");
        kafka.createTopic(topic, 1, 1);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "recorder-test-1");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v"));
            producer.flush();
            Uuid kafkaId = producer.clientInstanceId(Duration.ofSeconds(30));
            UUID id = new UUID(kafkaId.getMostSignificantBits(), kafkaId.getLeastSignificantBits());
            List<TelemetryPush> pushes =
                    ClientTelemetryRecorder.awaitPushes(id, p -> !p.isEmpty(), Duration.ofSeconds(30));
            assertThat(pushes.get(0).terminating()).isFalse();
            assertThat(pushes.get(0).contentType()).isEqualTo("OTLP");
            assertThat(pushes.get(0).metricNames())
                    .isNotEmpty()
                    .allMatch(n -> n.startsWith("org.apache.kafka.producer."))
                    .contains("org.apache.kafka.producer.record.send.total");
        }
    }
}
