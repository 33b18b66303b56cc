package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveValuesTest {
    @Test
    void showsDefaultsAndHidesSecrets() {
        ProducerConfig config = new ProducerConfig(Map.of(
                "bootstrap.servers", "localhost:9092",
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "ssl.truststore.password", "s3cret-truststore",
                "linger.ms", "7"));

        Map<String, String> shown = config.effectiveValues();

        assertThat(shown).containsEntry("linger.ms", "7").containsEntry("batch.size", "16384");
        assertThat(shown).containsEntry("ssl.truststore.password", "[hidden]");
        assertThat(shown.toString()).doesNotContain("s3cret-truststore");
    }
}
