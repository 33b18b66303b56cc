package io.sluice.compat.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.process.VersionedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The core producer contracts against an Apache Kafka 4.4 broker, started once from its own jars. */
@Timeout(180)
class Kafka44Test implements ProduceContract, IdempotenceContract, TransactionContract {
    private static VersionedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = BrokerUnderTest.start("4.4");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theBrokerIsTheKafkaVersionOfTheBuild() {
        // compat-brokers/pom.xml keeps its own copy of the parent's kafka.version; this catches the two drifting apart.
        assertThat(broker.kafkaVersion()).isEqualTo(System.getProperty("sluice.kafka.version"));
    }

    @Override
    public VersionedBroker broker() {
        return broker;
    }

    @Override
    public int newestTransactionVersion() {
        return 2;
    }
}
