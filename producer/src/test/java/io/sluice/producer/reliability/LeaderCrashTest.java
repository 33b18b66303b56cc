package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1: RF=3, min.insync.replicas=2, acks=all, idempotence on; keyed records flow while a nemesis kill -9s a
 * random broker every few seconds and restarts it. At most one replica is down at a time (the nemesis waits for a
 * full ISR before the next kill), so the promise holds: every acknowledged record once, in per-key order, and every
 * other record reported failed.
 */
@ExtendWith(SharedProcessCluster.class)
class LeaderCrashTest {
    private static final int PER_SECOND = 800;

    @Test
    void everyAcknowledgedRecordOnceInOrderWhileBrokersCrash(ProcessCluster kafka) throws Exception {
        String scenario = "1 leader crash (kill -9), acks=all, idempotent";
        long seed = Scenarios.seed(scenario);
        String topic = Scenarios.topic(kafka, "crash", seed);
        Duration duration = Scenarios.length(Duration.ofSeconds(45));
        DeliveryLedger ledger = new DeliveryLedger(Scenarios.capacity(PER_SECOND, duration));
        SluiceProducer<String, String> producer = Scenarios.producer(Scenarios.idempotent(kafka, 5_000));
        long start = System.nanoTime();
        String faults;
        try {
            faults = new Nemesis(
                            "crash",
                            seed,
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(4),
                            random -> Scenarios.killAndRestartRandomBroker(kafka, topic, random))
                    .during(() -> Scenarios.keyedLoad(producer, ledger, topic, PER_SECOND, duration, 20_000));
        } catch (RuntimeException | Error e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        DeliveryLedger.Verdict verdict = Scenarios.finish(
                kafka, producer, ledger, topic, scenario, seed, faults, start, Duration.ofSeconds(150));
        Scenarios.assertExactlyOnceInOrder(verdict);
        assertThat(verdict.acked()).as("records acknowledged").isPositive();
    }
}
