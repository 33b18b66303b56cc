package io.sluice.compat.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The core producer contracts against an Apache Kafka 4.4 broker: transaction protocols v1 and v2. */
class Kafka44Test extends OneBrokerVersion {
    Kafka44Test() {
        super("4.4", 2);
    }

    @Test
    void theBrokerIsTheKafkaVersionOfTheBuild() {
        // compat-brokers/pom.xml keeps its own copy of the parent's kafka.version; this catches the two drifting apart.
        assertThat(broker().kafkaVersion()).isEqualTo(System.getProperty("sluice.kafka.version"));
    }
}
