package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario 5: acks=1 and acks=0 (idempotence off, as those modes require) under the same broker crashes as scenario
 * 1. Loss is expected and only measured: the figures go into {@code docs/RELIABILITY.md} so users see what acks=all
 * buys. What is asserted is what holds in every mode: each record gets exactly one outcome, none is left pending,
 * and nothing appears that was not sent.
 */
@ExtendWith(SharedProcessCluster.class)
class WeakAcksTest {
    private static final int PER_SECOND = 800;

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"1", "0"})
    void lossUnderBrokerCrashesIsMeasured(String acks, ProcessCluster kafka) {
        String scenario = "5 leader crash (kill -9), acks=" + acks + ", idempotence off";
        long seed = Scenarios.seed(scenario);
        String topic = Scenarios.topic(kafka, "acks" + acks, seed);
        Duration duration = Scenarios.length(Duration.ofSeconds(30));
        DeliveryLedger ledger = new DeliveryLedger(Scenarios.capacity(PER_SECOND, duration));
        Map<String, Object> config = Scenarios.idempotent(kafka, 5_000);
        config.put(ProducerConfig.ACKS_CONFIG, acks);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        SluiceProducer<String, String> producer = Scenarios.producer(config);
        long start = System.nanoTime();
        String injected;
        try {
            injected = new Nemesis(
                            "acks" + acks,
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
                kafka, producer, ledger, topic, scenario, seed, injected, start, Duration.ofSeconds(150));
        String details = verdict.summary();
        assertThat(verdict.pending()).as("records never completed: " + details).isZero();
        assertThat(verdict.secondCompletions())
                .as("callbacks run twice: " + details)
                .isZero();
        assertThat(verdict.foreign()).as("records nobody sent: " + details).isZero();
        assertThat(verdict.acked() + verdict.failed()).isEqualTo(verdict.sent());
    }
}
