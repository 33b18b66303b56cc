package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.errors.BootstrapResolutionException;
import io.sluice.producer.errors.ConfigException;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code bootstrap.resolve.timeout.ms}: bootstrap names resolved in the constructor (0), or in the background. */
@ExtendWith(SharedKafka.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BootstrapResolutionTest {
    /** A name that never resolves: {@code .invalid} is reserved for that (RFC 2606). */
    private static final String NOWHERE = "no-such-broker.invalid:9092";

    @Test
    void byDefaultAProducerWhoseBootstrapNamesAllFailToResolveIsNotCreated() {
        assertThatThrownBy(() -> new SluiceProducer<>(config(NOWHERE, Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("No resolvable bootstrap urls given in bootstrap.servers")
                .hasMessageContaining(NOWHERE);
    }

    @Test
    void byDefaultAnUnresolvableNameBesideAGoodOneIsSkipped(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("resolve-skip");
        kafka.createTopic(topic, 1, 1);
        String servers = NOWHERE + "," + kafka.bootstrapServers();
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(config(servers, Map.of()))) {
            assertThat(producer.send(new ProducerRecord<>(topic, "v"))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .isZero();
        }
    }

    @Test
    void inTheBackgroundTheProducerStartsAndWorksOnceANameResolves(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("resolve-async");
        kafka.createTopic(topic, 1, 1);
        Map<String, Object> overrides = Map.of(ProducerConfig.BOOTSTRAP_RESOLVE_TIMEOUT_MS_CONFIG, 10_000);
        try (SluiceProducer<String, String> producer =
                new SluiceProducer<>(config(kafka.bootstrapServers(), overrides))) {
            assertThat(producer.send(new ProducerRecord<>(topic, "v"))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .isZero();
        }
    }

    @Test
    void inTheBackgroundNamesThatNeverResolveEndTheProducerWithAClearError() throws Exception {
        Map<String, Object> overrides = Map.of(ProducerConfig.BOOTSTRAP_RESOLVE_TIMEOUT_MS_CONFIG, 500);
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(config(NOWHERE, overrides))) {
            CompletableFuture<RecordMetadata> accepted = producer.send(new ProducerRecord<>("any-topic", "v"));

            assertThatThrownBy(() -> accepted.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(BootstrapResolutionException.class)
                    .hasMessageContaining(NOWHERE)
                    .hasMessageContaining("bootstrap.resolve.timeout.ms=500");
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("any-topic", "later")))
                    .isInstanceOf(BootstrapResolutionException.class);
            assertThatThrownBy(() -> producer.partitionsFor("any-topic"))
                    .isInstanceOf(BootstrapResolutionException.class);
        }
    }

    private static Map<String, Object> config(String servers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        config.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.putAll(overrides);
        return config;
    }
}
