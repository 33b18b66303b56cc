package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import io.sluice.testkit.proxy.FaultProxy;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What happens when an outage outlasts {@code delivery.timeout.ms}: the partition leader is blackholed for longer
 * than the delivery timeout while records flow, so batches expire with their fate unknown, and then the network
 * heals. The expired batches leave the partition's sequence state unknown; the producer must take a new identity
 * and keep producing, so records sent after the heal are acknowledged (a little slack for a batch caught in the
 * switch on a loaded machine). Asserted as always: nothing acknowledged lost, duplicated or reordered, and every
 * record reported, none left pending.
 */
@ExtendWith(SharedProcessCluster.class)
class OutageBeyondDeliveryTimeoutTest {
    private static final int PER_SECOND = 200;
    private static final int REQUEST_TIMEOUT_MS = 1_500;
    private static final int DELIVERY_TIMEOUT_MS = 4_000;
    private static final Duration OUTAGE = Duration.ofSeconds(8);

    @Test
    void recordsAfterAnExpiredBatchAreReportedNeverSilentlyLost(ProcessCluster kafka) {
        String scenario = "2b leader blackholed 8 s > delivery.timeout.ms 4 s, acks=all, idempotent";
        long seed = Scenarios.seed(scenario);
        String topic = "reliability-expiry-" + Long.toHexString(seed);
        kafka.createTopic(topic, 1, 3, 2);
        kafka.awaitIsrFull(topic, Duration.ofSeconds(120));
        DeliveryLedger ledger = new DeliveryLedger(Scenarios.capacity(PER_SECOND, Duration.ofSeconds(30)));
        Map<String, Object> config = Scenarios.idempotent(kafka, REQUEST_TIMEOUT_MS);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        SluiceProducer<String, String> producer = Scenarios.producer(config);
        long start = System.nanoTime();
        int healedAt;
        try {
            Scenarios.keyedLoad(producer, ledger, topic, PER_SECOND, Duration.ofSeconds(3), 10_000);
            FaultProxy leader = kafka.proxy(kafka.leader(topic, 0));
            leader.blackhole(true);
            Scenarios.keyedLoad(producer, ledger, topic, PER_SECOND, OUTAGE, 10_000);
            leader.blackhole(false);
            healedAt = ledger.sent();
            Scenarios.keyedLoad(producer, ledger, topic, PER_SECOND, Duration.ofSeconds(10), 10_000);
        } catch (RuntimeException | Error e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        int sentAfterHeal = ledger.sent() - healedAt;
        Map<String, Object> errors = new java.util.TreeMap<>();
        producer.metrics().forEach((name, value) -> {
            if (name.startsWith("errors-by-name.") || name.equals("record-retry-total")) {
                errors.put(name, value);
            }
        });
        // The cluster is healthy again: a fresh producer writes to the partition at once.
        DeliveryLedger.Tracked probe = ledger.next(topic, "probe");
        try (SluiceProducer<String, String> fresh = Scenarios.producer(Scenarios.idempotent(kafka, 5_000))) {
            fresh.send(probe.record(), probe.callback()).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a fresh producer could not write after the heal", e);
        }
        DeliveryLedger.Verdict verdict = Scenarios.finish(
                kafka,
                producer,
                ledger,
                topic,
                scenario,
                seed,
                "blackhole on the leader",
                start,
                Duration.ofSeconds(60));
        int ackedAfterHeal = 0;
        for (int id = healedAt; id < probe.id(); id++) {
            if (ledger.outcome(id) == DeliveryLedger.ACKED) {
                ackedAfterHeal++;
            }
        }
        System.getLogger(OutageBeyondDeliveryTimeoutTest.class.getName())
                .log(
                        Level.INFO,
                        scenario + ": after the heal " + ackedAfterHeal + " of " + sentAfterHeal
                                + " records acknowledged; failures " + verdict.failures() + "; metrics " + errors);
        ResultsTable.note(scenario + ": of the " + sentAfterHeal + " records sent after the network healed, "
                + ackedAfterHeal + " were acknowledged (a fresh producer wrote at once); failures by type: "
                + verdict.failures() + "; producer metrics: " + errors);
        Scenarios.assertExactlyOnceInOrder(verdict);
        assertThat(verdict.failed())
                .as("records that expired during the outage")
                .isPositive();
        assertThat(ackedAfterHeal)
                .as("records sent after the network healed that were acknowledged")
                .isGreaterThanOrEqualTo(sentAfterHeal * 9 / 10);
    }
}
