package io.sluice.compat.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.process.VersionedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The core producer contracts against an Apache Kafka 4.0 broker, started once from its own jars. */
@Timeout(180)
class Kafka40Test implements ProduceContract, IdempotenceContract, TransactionContract {
    private static VersionedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = BrokerUnderTest.start("4.0");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theBrokerIsOfThisRelease() {
        assertThat(broker.kafkaVersion()).startsWith("4.0.");
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
