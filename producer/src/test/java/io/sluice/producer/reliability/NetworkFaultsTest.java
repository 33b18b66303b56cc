package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import io.sluice.testkit.proxy.Direction;
import io.sluice.testkit.proxy.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: the network between the producer and the brokers misbehaves while the brokers stay healthy: latency
 * spikes, responses dropped after the broker wrote the batch, connection resets, and a blackhole on a partition
 * leader for longer than {@code request.timeout.ms}. The faults come in shuffled rounds of all four kinds, so even
 * the short run injects each kind. Same checker and promise as scenario 1.
 */
@ExtendWith(SharedProcessCluster.class)
class NetworkFaultsTest {
    private static final int PER_SECOND = 800;
    private static final int REQUEST_TIMEOUT_MS = 3_000;

    @Test
    void everyAcknowledgedRecordOnceInOrderThroughNetworkFaults(ProcessCluster kafka) {
        String scenario = "2 network faults via proxies, acks=all, idempotent";
        long seed = Scenarios.seed(scenario);
        String topic = Scenarios.topic(kafka, "network", seed);
        Duration duration = Scenarios.length(Duration.ofSeconds(45));
        DeliveryLedger ledger = new DeliveryLedger(Scenarios.capacity(PER_SECOND, duration));
        SluiceProducer<String, String> producer = Scenarios.producer(Scenarios.idempotent(kafka, REQUEST_TIMEOUT_MS));
        long start = System.nanoTime();
        NetworkFaults faults = new NetworkFaults(kafka, topic);
        String injected;
        try {
            injected = new Nemesis("network", seed, Duration.ofMillis(500), Duration.ofSeconds(2), faults::next)
                    .during(() -> Scenarios.keyedLoad(producer, ledger, topic, PER_SECOND, duration, 20_000));
        } catch (RuntimeException | Error e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        DeliveryLedger.Verdict verdict = Scenarios.finish(
                kafka, producer, ledger, topic, scenario, seed, injected, start, Duration.ofSeconds(150));
        Scenarios.assertExactlyOnceInOrder(verdict);
        assertThat(verdict.acked()).isPositive();
        assertThat(injected).contains("latency", "dropped", "reset", "blackhole");
    }

    /** The four network faults, in shuffled rounds; each heals before it returns. */
    private static final class NetworkFaults {
        private final ProcessCluster kafka;
        private final String topic;
        private final List<String> round = new ArrayList<>();

        NetworkFaults(ProcessCluster kafka, String topic) {
            this.kafka = kafka;
            this.topic = topic;
        }

        String next(Random random) {
            if (round.isEmpty()) {
                round.addAll(List.of("latency", "dropped", "reset", "blackhole"));
                Collections.shuffle(round, random);
            }
            String kind = round.remove(0);
            FaultProxy proxy = kafka.proxy(
                    kafka.brokerIds().get(random.nextInt(kafka.brokerIds().size())));
            switch (kind) {
                case "latency" -> {
                    Duration delay = Duration.ofMillis(100 + random.nextInt(700));
                    proxy.latency(Direction.CLIENT_TO_SERVER, delay);
                    proxy.latency(Direction.SERVER_TO_CLIENT, delay);
                    hold(2_000 + random.nextInt(2_000));
                    proxy.latency(Direction.CLIENT_TO_SERVER, Duration.ZERO);
                    proxy.latency(Direction.SERVER_TO_CLIENT, Duration.ZERO);
                    return "latency spike";
                }
                case "dropped" -> {
                    proxy.dropNextResponses(1 + random.nextInt(3));
                    hold(1_000);
                    return "dropped responses";
                }
                case "reset" -> {
                    proxy.resetConnections();
                    return "connection reset";
                }
                default -> {
                    FaultProxy leader = kafka.proxy(kafka.leader(topic, random.nextInt(Scenarios.PARTITIONS)));
                    leader.blackhole(true);
                    hold(REQUEST_TIMEOUT_MS + 2_000);
                    leader.blackhole(false);
                    return "leader blackhole 5 s";
                }
            }
        }

        private static void hold(long millis) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }
}
