package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void finalizesTheTransactionVersionChosenAtFormatTime(int level) throws Exception {
        try (KafkaCluster kafka =
                        KafkaCluster.builder().transactionVersion(level).start();
                Admin admin = admin(kafka.bootstrapServers())) {
            var finalized = admin.describeFeatures()
                    .featureMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .finalizedFeatures()
                    .get("transaction.version");

            assertThat(finalized).isNotNull();
            assertThat(finalized.maxVersionLevel()).isEqualTo((short) level);
        }
    }

    @Test
    void servesAnExtraListenerAndAppliesBrokerProperties() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                        .listener("EXTERNAL", "PLAINTEXT")
                        .brokerProperty("message.max.bytes", "123456")
                        .start();
                Admin admin = admin(kafka.bootstrapServers("EXTERNAL"))) {
            assertThat(kafka.bootstrapServers("EXTERNAL")).isNotEqualTo(kafka.bootstrapServers());
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            String maxBytes = admin.describeConfigs(List.of(broker))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(broker)
                    .get("message.max.bytes")
                    .value();
            assertThat(maxBytes).isEqualTo("123456");

            kafka.createTopic("external", 1, 1);
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers("EXTERNAL"))) {
                producer.send(new ProducerRecord<>("external", "k", "via-external"))
                        .get(30, TimeUnit.SECONDS);
            }
            List<StoredRecord> stored = TopicReader.readUncommitted(kafka.bootstrapServers("EXTERNAL"))
                    .readAll("external", 1, WAIT);
            assertThat(stored).extracting(StoredRecord::valueString).containsExactly("via-external");
        }
    }

    @Test
    void closeDeletesTheDataDirectory() {
        Path dataRoot;
        try (KafkaCluster kafka = KafkaCluster.singleNode()) {
            dataRoot = kafka.dataRoot();
            assertThat(dataRoot).isDirectory();
        }
        assertThat(Files.exists(dataRoot)).isFalse();
    }

    @Test
    void theCombinedNodeCannotBeStopped() {
        try (KafkaCluster kafka = KafkaCluster.singleNode()) {
            assertThat(kafka.brokerIds()).containsExactly(1);
            assertThatThrownBy(() -> kafka.stopBroker(1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> kafka.stopBroker(7)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anInvalidBrokerPropertyFailsTheStartInsteadOfHanging() {
        assertThatThrownBy(() -> KafkaCluster.builder()
                        .brokerProperty("num.io.threads", "many")
                        .start())
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("num.io.threads");
    }

    @Test
    void aStartThatMissesItsDeadlineFailsWithinIt() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> KafkaCluster.builder()
                        .startupTimeout(Duration.ofMillis(1))
                        .shutdownTimeout(Duration.ofSeconds(10))
                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("within");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000));
    }
}
