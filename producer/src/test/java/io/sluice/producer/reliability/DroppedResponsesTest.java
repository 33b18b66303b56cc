package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.Poll;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import io.sluice.testkit.proxy.FaultProxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Idempotence's promise about a broker that wrote a batch but whose answer never arrived: the proxy swallows the
 * leader's responses (the broker appended the records, the producer sees a disconnect) several times while records
 * flow; the producer resends the same batches with the same sequence numbers and the broker deduplicates them. Read
 * back: every record exactly once, in send order.
 */
@ExtendWith(SharedProcessCluster.class)
class DroppedResponsesTest {
    private static final int ROUNDS = 6;
    private static final int PER_ROUND = 400;

    @Test
    void responsesLostAfterTheWriteCreateNoDuplicates(ProcessCluster kafka) throws Exception {
        String scenario = "issue 6: responses dropped after the write";
        long seed = Scenarios.seed(scenario);
        String topic = "reliability-dropped-" + Long.toHexString(seed);
        kafka.createTopic(topic, 1, 3, 2);
        kafka.awaitIsrFull(topic, Duration.ofSeconds(120));
        int rounds = Scenarios.LONG ? ROUNDS * 10 : ROUNDS;
        DeliveryLedger ledger = new DeliveryLedger(rounds * PER_ROUND);
        Map<String, Object> config = Scenarios.idempotent(kafka, 5_000);
        SluiceProducer<String, String> producer = Scenarios.producer(config);
        long start = System.nanoTime();
        long dropped = 0;
        for (int round = 0; round < rounds; round++) {
            FaultProxy proxy = kafka.proxy(kafka.leader(topic, 0));
            long droppedBefore = proxy.stats().responsesDropped();
            int toDrop = 1 + (int) Math.floorMod(seed + round, 3L);
            for (int i = 0; i < PER_ROUND; i++) {
                if (i == PER_ROUND / 4) {
                    proxy.dropNextResponses(toDrop);
                }
                DeliveryLedger.Tracked t = ledger.next(topic, "k" + (i % 4));
                producer.send(t.record(), t.callback());
                if (i % 50 == 49) {
                    // Keep the stream going through the drops rather than buffering the whole round at once.
                    int sent = ledger.sent();
                    assertThat(Poll.within(Duration.ofSeconds(60), () -> ledger.completed() >= sent - 100))
                            .as("records completing")
                            .isTrue();
                }
            }
            producer.flush();
            dropped += proxy.stats().responsesDropped() - droppedBefore;
        }
        assertThat(dropped).as("responses dropped by the proxy").isPositive();
        DeliveryLedger.Verdict verdict = Scenarios.finish(
                kafka,
                producer,
                ledger,
                topic,
                scenario,
                seed,
                dropped + " responses dropped in " + rounds + " rounds",
                start,
                Duration.ofSeconds(30));
        Scenarios.assertExactlyOnceInOrder(verdict);
        assertThat(verdict.failed()).as("failures: " + verdict.failures()).isZero();
        assertThat(verdict.stored()).isEqualTo(verdict.sent());
    }
}
