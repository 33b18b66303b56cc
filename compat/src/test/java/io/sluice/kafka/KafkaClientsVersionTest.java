package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

/** Each test run of this module holds the kafka-clients version it says it tests. */
class KafkaClientsVersionTest {
    @Test
    void theKafkaClientsOnTheClasspathIsTheOneThisRunTests() {
        String expected = System.getProperty("compat.expectedKafkaVersion");
        assertThat(expected).as("set by the build").isNotBlank();
        String jar = Producer.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath();
        assertThat(jar).endsWith("/kafka-clients-" + expected + ".jar");
    }
}
