package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shows that extra listeners and format-time SCRAM users are enough to serve SASL clients. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SaslListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void servesPlainAndScramClientsOnSaslListeners() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                .listener("SASL_PLAINTEXT", "SASL_PLAINTEXT")
                .brokerProperty("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256")
                .brokerProperty(
                        "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " user_alice=\"alice-secret\";")
                .brokerProperty(
                        "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .scramUser("SCRAM-SHA-256", "bob", "bob-secret")
                .start()) {
            kafka.createTopic("sasl", 1, 1);
            String sasl = kafka.bootstrapServers("SASL_PLAINTEXT");
            Map<String, Object> plain =
                    saslClient("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule", "alice");
            Map<String, Object> scram =
                    saslClient("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule", "bob");

            produce(sasl, plain, "via-plain");
            produce(sasl, scram, "via-scram");

            TopicReader reader = TopicReader.readUncommitted(sasl);
            for (Map.Entry<String, Object> setting : scram.entrySet()) {
                reader = reader.withProperty(setting.getKey(), setting.getValue());
            }
            List<StoredRecord> stored = reader.readAll("sasl", 2, WAIT);
            assertThat(stored).extracting(StoredRecord::valueString).containsExactly("via-plain", "via-scram");
        }
    }

    private static Map<String, Object> saslClient(String mechanism, String loginModule, String user) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM,
                mechanism,
                SaslConfigs.SASL_JAAS_CONFIG,
                loginModule + " required username=\"" + user + "\" password=\"" + user + "-secret\";");
    }

    private static void produce(String bootstrap, Map<String, Object> security, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>("sasl", value)).get(30, TimeUnit.SECONDS);
        }
    }
}
