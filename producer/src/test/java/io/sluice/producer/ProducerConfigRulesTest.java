package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.internal.net.sasl.SaslCredentials;
import org.junit.jupiter.api.Test;

class ProducerConfigRulesTest {
    @Test
    void settingsAcceptExactlyTheSaslMechanismsTheSecurityLayerImplements() {
        assertThat(ProducerConfigRules.SASL_MECHANISMS).isEqualTo(SaslCredentials.MECHANISMS);
    }
}
