package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: a partition leader frozen with SIGSTOP for longer than {@code request.timeout.ms}, then resumed with
 * SIGCONT. Its sockets stay open, so the producer learns of the pause only from its request timeout; meanwhile the
 * controller fences the silent broker and moves leadership. Same checker and promise as scenario 1.
 */
@ExtendWith(SharedProcessCluster.class)
class PausedBrokerTest {
    private static final int PER_SECOND = 800;
    private static final int REQUEST_TIMEOUT_MS = 3_000;

    @Test
    void everyAcknowledgedRecordOnceInOrderWhileLeadersArePaused(ProcessCluster kafka) {
        String scenario = "3 leader paused (SIGSTOP) past request.timeout.ms, acks=all, idempotent";
        long seed = Scenarios.seed(scenario);
        String topic = Scenarios.topic(kafka, "pause", seed);
        Duration duration = Scenarios.length(Duration.ofSeconds(35));
        DeliveryLedger ledger = new DeliveryLedger(Scenarios.capacity(PER_SECOND, duration));
        SluiceProducer<String, String> producer = Scenarios.producer(Scenarios.idempotent(kafka, REQUEST_TIMEOUT_MS));
        long start = System.nanoTime();
        String injected;
        try {
            injected = new Nemesis(
                            "pause",
                            seed,
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(4),
                            random -> pauseALeader(kafka, topic, random))
                    .during(() -> Scenarios.keyedLoad(producer, ledger, topic, PER_SECOND, duration, 20_000));
        } catch (RuntimeException | Error e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        DeliveryLedger.Verdict verdict = Scenarios.finish(
                kafka, producer, ledger, topic, scenario, seed, injected, start, Duration.ofSeconds(150));
        Scenarios.assertExactlyOnceInOrder(verdict);
        assertThat(verdict.acked()).isPositive();
    }

    private static String pauseALeader(ProcessCluster kafka, String topic, Random random) {
        int leader = kafka.leader(topic, random.nextInt(Scenarios.PARTITIONS));
        kafka.pauseBroker(leader);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MS + 2_000 + random.nextInt(2_000)));
        kafka.resumeBroker(leader);
        kafka.awaitIsrFull(topic, Duration.ofSeconds(180));
        return "SIGSTOP leader 5-7 s + SIGCONT";
    }
}
