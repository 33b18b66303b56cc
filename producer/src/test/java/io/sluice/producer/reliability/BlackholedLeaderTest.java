package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.Poll;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import io.sluice.testkit.proxy.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The back half's promise about a broker that never answers: with its proxy blackholed, requests to the leader time
 * out after {@code request.timeout.ms} (and are retried, not failed), nothing is acknowledged while it stays the
 * leader, and once it is killed and leadership moves the producer retries on the new leader by itself and every
 * record lands exactly once, in order.
 */
@ExtendWith(SharedProcessCluster.class)
class BlackholedLeaderTest {
    private static final int REQUEST_TIMEOUT_MS = 3_000;
    private static final int RECORDS = 50;

    @Test
    void requestsTimeOutThenRetryOnTheNewLeaderOnceLeadershipMoves(ProcessCluster kafka) throws Exception {
        String scenario = "issue 5: blackholed leader, then kill -9";
        long seed = Scenarios.seed(scenario);
        String topic = "reliability-blackhole-" + Long.toHexString(seed);
        kafka.createTopic(topic, 1, 3, 2);
        kafka.awaitIsrFull(topic, Duration.ofSeconds(120));
        DeliveryLedger ledger = new DeliveryLedger(RECORDS + 1);
        Map<String, Object> config = Scenarios.idempotent(kafka, REQUEST_TIMEOUT_MS);
        config.put("linger.ms", 0);
        SluiceProducer<String, String> producer = Scenarios.producer(config);
        long start = System.nanoTime();
        DeliveryLedger.Tracked first = ledger.next(topic, "k");
        producer.send(first.record(), first.callback()).get(60, TimeUnit.SECONDS);

        int leader = kafka.leader(topic, 0);
        FaultProxy proxy = kafka.proxy(leader);
        long discardedBefore = proxy.stats().bytesDiscarded();
        proxy.blackhole(true);
        long blackholed = System.nanoTime();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            DeliveryLedger.Tracked t = ledger.next(topic, "k");
            futures.add(producer.send(t.record(), t.callback()));
        }
        assertThat(Poll.within(Duration.ofSeconds(30), () -> retries(producer) > 0))
                .as("a retry after the request timed out")
                .isTrue();
        long firstRetryMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blackholed);
        assertThat(firstRetryMs)
                .as("time until the first request timed out and was retried")
                .isBetween(REQUEST_TIMEOUT_MS - 100L, REQUEST_TIMEOUT_MS + 5_000L);
        // Still the leader and still silent: nothing may complete, neither as success nor as failure.
        assertThat(Poll.within(
                        Duration.ofMillis(2L * REQUEST_TIMEOUT_MS),
                        () -> futures.stream().anyMatch(CompletableFuture::isDone)))
                .as("a record completed while its leader answered nothing")
                .isFalse();
        assertThat(proxy.stats().bytesDiscarded()).isGreaterThan(discardedBefore);

        long killed = System.nanoTime();
        kafka.killBroker(leader);
        for (CompletableFuture<RecordMetadata> f : futures) {
            f.get(90, TimeUnit.SECONDS);
        }
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertThat(kafka.leader(topic, 0)).isNotEqualTo(leader);

        DeliveryLedger.Verdict verdict = Scenarios.finish(
                kafka,
                producer,
                ledger,
                topic,
                scenario,
                seed,
                "blackhole " + firstRetryMs + " ms to first timeout, kill -9 leader, acked on new leader " + failoverMs
                        + " ms after kill",
                start,
                Duration.ofSeconds(30));
        Scenarios.assertExactlyOnceInOrder(verdict);
        assertThat(verdict.acked()).isEqualTo(RECORDS + 1);
        assertThat(verdict.stored()).isEqualTo(RECORDS + 1);
    }

    private static long retries(SluiceProducer<String, String> producer) {
        Number retries = producer.metrics().get("record-retry-total");
        return retries == null ? 0 : retries.longValue();
    }
}
