package io.sluice.producer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.TestSecrets;
import io.sluice.producer.errors.ConfigException;
import io.sluice.producer.internal.net.sasl.SaslCredentials;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Printouts and errors about security settings show {@code [hidden]}, never the secret. */
class ConfigPrintoutTest {
    private static final String SECRET = "p4ss-0f-n0-return";

    private static Map<String, Object> settings() {
        Map<String, Object> s = new HashMap<>();
        s.put("bootstrap.servers", "127.0.0.1:9092");
        s.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        s.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        s.put("security.protocol", "SASL_SSL");
        s.put("sasl.mechanism", "PLAIN");
        s.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"" + SECRET
                        + "\";");
        s.put("ssl.truststore.password", SECRET);
        s.put("ssl.keystore.password", SECRET);
        s.put("ssl.key.password", SECRET);
        s.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----\n" + SECRET + "\n-----END PRIVATE KEY-----");
        return s;
    }

    @Test
    void theConfigPrintoutHidesEverySecret() {
        String printout = new ProducerConfig(settings()).toString();

        assertThat(printout)
                .doesNotContain(SECRET)
                .contains("sasl.jaas.config=[hidden]")
                .contains("ssl.truststore.password=[hidden]")
                .contains("ssl.keystore.key=[hidden]");
    }

    @Test
    void credentialsNameTheMechanismAndUserOnly() {
        SaslCredentials credentials = sasl(new ProducerConfig(settings()));

        assertThat(credentials.toString()).isEqualTo("SaslCredentials[PLAIN, user=u]");
    }

    @Test
    void aMalformedJaasConfigIsReportedWithoutItsText() {
        Map<String, Object> s = settings();
        s.put("sasl.jaas.config", "PlainLoginModule required password=\"" + SECRET + "\"");

        assertThatThrownBy(() -> sasl(new ProducerConfig(s)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sasl.jaas.config")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aMissingPasswordOptionIsNamed() {
        Map<String, Object> s = settings();
        s.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\";");

        assertThatThrownBy(() -> sasl(new ProducerConfig(s)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs option password");
    }

    @Test
    void anUnsupportedMechanismFailsWhenTheConfigIsRead() {
        Map<String, Object> s = settings();
        s.put("sasl.mechanism", "GSSAPI");

        assertThatThrownBy(() -> new ProducerConfig(s))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GSSAPI")
                .hasMessageContaining("SCRAM-SHA-512")
                .hasMessageNotContaining(SECRET);
    }

    private static SaslCredentials sasl(ProducerConfig config) {
        return SaslCredentials.from(config, TestSecrets.of(config), System::currentTimeMillis);
    }
}
