package io.sluice.compat.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.process.VersionedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The core producer contracts against one Apache Kafka release, whose broker is started once from its own jars and
 * shared by every test of the class. A subclass names the release and the newest transaction protocol it has.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneBrokerVersion implements ProduceContract, IdempotenceContract, TransactionContract {
    private final String release;
    private final int newestTransactionVersion;
    private VersionedBroker broker;

    /**
     * @param release the {@code major.minor} of the broker, as {@link BrokerUnderTest#start} takes it
     * @param newestTransactionVersion the highest {@code transaction.version} the release can finalize
     */
    OneBrokerVersion(String release, int newestTransactionVersion) {
        this.release = release;
        this.newestTransactionVersion = newestTransactionVersion;
    }

    @BeforeAll
    void startBroker() {
        broker = BrokerUnderTest.start(release);
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theBrokerIsOfThisRelease() {
        assertThat(broker.kafkaVersion()).startsWith(release + ".");
    }

    @Override
    public VersionedBroker broker() {
        return broker;
    }

    @Override
    public int newestTransactionVersion() {
        return newestTransactionVersion;
    }
}
