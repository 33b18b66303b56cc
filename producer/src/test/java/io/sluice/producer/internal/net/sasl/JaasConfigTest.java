package io.sluice.producer.internal.net.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.errors.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JaasConfigTest {

    @Test
    void readsModuleFlagAndQuotedAndBareOptions() {
        JaasConfig jaas = JaasConfig.parse("org.apache.kafka.common.security.plain.PlainLoginModule required\n"
                + "  username=\"alice\" password=\"p a\\\"ss;word=\" tokenauth=true ;");

        assertThat(jaas.loginModule()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
        assertThat(jaas.flag()).isEqualTo("required");
        assertThat(jaas.options())
                .containsExactly(
                        Map.entry("username", "alice"),
                        Map.entry("password", "p a\"ss;word="),
                        Map.entry("tokenauth", "true"));
    }

    @Test
    void acceptsAModuleWithoutOptions() {
        assertThat(JaasConfig.parse("a.B optional;").options()).isEmpty();
    }

    @Test
    void toStringHidesEveryValue() {
        JaasConfig jaas = JaasConfig.parse("m.M required username=\"alice\" password=\"topsecret\";");

        assertThat(jaas.toString()).isEqualTo("m.M required username=[hidden] password=[hidden];");
    }

    @Test
    void errorsPointAtAPositionAndNeverEchoTheText() {
        String[] bad = {
            "m.M required password=\"topsecret\"",
            "m.M required password=\"topsecret;",
            "m.M maybe password=\"topsecret\";",
            "m.M required password=\"topsecret\"; n.N required;",
            "m.M required password=\"topsecret\" password=\"topsecret\";",
            "   ",
        };
        for (String text : bad) {
            assertThatThrownBy(() -> JaasConfig.parse(text))
                    .as(text)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("sasl.jaas.config")
                    .hasMessageNotContaining("topsecret");
        }
    }

    @Test
    void requireOptionNamesTheMissingOption() {
        JaasConfig jaas = JaasConfig.parse("m.M required username=\"alice\";");

        assertThatThrownBy(() -> jaas.requireOption("password", "PLAIN"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("password");
    }
}
