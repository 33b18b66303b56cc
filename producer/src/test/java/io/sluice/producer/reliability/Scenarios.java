package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.serde.StringSerializer;
import io.sluice.testkit.Poll;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import io.sluice.testkit.process.ProcessCluster;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the reliability scenarios share: the short/long switch, seeds, producer settings, the paced keyed load, the
 * faults that crash brokers, and the end of a run (close, heal the cluster, read back, check, write the row).
 *
 * <p>System properties: {@code sluice.reliability.long=true} runs the load of every nemesis scenario ten times longer;
 * {@code sluice.reliability.seed=N} replays a run's fault schedule (each scenario logs and records its seed).
 */
final class Scenarios {
    private static final System.Logger LOG = System.getLogger(Scenarios.class.getName());
    static final boolean LONG = Boolean.getBoolean("sluice.reliability.long");
    /** Partitions of the scenario topics, and keys spread over them. */
    static final int PARTITIONS = 6;

    static final int KEYS = 24;
    private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);

    private Scenarios() {}

    /** {@code shortRun} normally, ten times that with {@code -Dsluice.reliability.long=true}. */
    static Duration length(Duration shortRun) {
        return LONG ? shortRun.multipliedBy(10) : shortRun;
    }

    /** The seed given by {@code -Dsluice.reliability.seed}, else a fresh one; logged either way. */
    static long seed(String scenario) {
        String given = System.getProperty("sluice.reliability.seed");
        long seed = given != null ? Long.parseLong(given) : System.nanoTime() ^ scenario.hashCode();
        LOG.log(Level.INFO, scenario + ": seed " + seed + (LONG ? " (long run)" : " (short run)"));
        return seed;
    }

    /** A topic of {@link #PARTITIONS} partitions, RF=3, min.insync.replicas=2, with a full ISR. */
    static String topic(ProcessCluster kafka, String scenario, long seed) {
        String topic = "reliability-" + scenario + "-" + Long.toHexString(seed);
        kafka.createTopic(topic, PARTITIONS, 3, 2);
        kafka.awaitIsrFull(topic, HEAL_TIMEOUT);
        return topic;
    }

    /**
     * Producer settings for the scenarios: idempotent, acks=all, a delivery timeout far above the few seconds a
     * leader change takes, and short backoffs so retries follow a leader change quickly.
     */
    static Map<String, Object> idempotent(ProcessCluster kafka, int requestTimeoutMs) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        config.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        return config;
    }

    static SluiceProducer<String, String> producer(Map<String, Object> config) {
        return new SluiceProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /**
     * Sends keyed records round-robin over {@link #KEYS} keys at about {@code perSecond} for {@code duration}, never
     * more than {@code maxOutstanding} without an outcome (so an outage stalls the load instead of filling memory).
     */
    static void keyedLoad(
            SluiceProducer<String, String> producer,
            DeliveryLedger ledger,
            String topic,
            int perSecond,
            Duration duration,
            int maxOutstanding) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int i = 0;
        while (System.nanoTime() < end && ledger.hasRoom()) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
            if (i >= due || ledger.outstanding() >= maxOutstanding) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            DeliveryLedger.Tracked t = ledger.next(topic, "k" + (i % KEYS));
            producer.send(t.record(), t.callback());
            i++;
        }
    }

    /** Room in a ledger for a keyed load of {@code perSecond} over {@code duration}, with margin. */
    static int capacity(int perSecond, Duration duration) {
        return (int) (perSecond * (duration.toMillis() / 1000.0 + 5) * 1.2);
    }

    /** kill -9 a random broker, keep it down a moment, restart it and wait until the topic's ISR is full again. */
    static String killAndRestartRandomBroker(ProcessCluster kafka, String topic, Random random) {
        List<Integer> ids = kafka.brokerIds();
        int victim = ids.get(random.nextInt(ids.size()));
        kafka.killBroker(victim);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1_000 + random.nextInt(2_000)));
        kafka.restartBroker(victim);
        kafka.awaitIsrFull(topic, HEAL_TIMEOUT);
        return "kill -9 + restart";
    }

    /**
     * Ends a run: closes the producer (it drains within {@code closeTimeout}, then fails the rest), heals the
     * cluster, reads the topic back from the brokers directly, checks it against the ledger, and appends the row.
     */
    static DeliveryLedger.Verdict finish(
            ProcessCluster kafka,
            SluiceProducer<String, String> producer,
            DeliveryLedger ledger,
            String topic,
            String scenario,
            long seed,
            String faults,
            long startNanos,
            Duration closeTimeout) {
        producer.close(closeTimeout);
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        // Callbacks run on the callback thread; close waits for them, but give a late one a moment.
        Poll.within(Duration.ofSeconds(10), () -> ledger.outstanding() == 0);
        kafka.restoreAll();
        kafka.awaitIsrFull(topic, HEAL_TIMEOUT);
        // The producer is closed and every replica is in sync, so the log ends are final: read up to them. (Asking
        // for the acknowledged count instead would wait out the whole timeout whenever a lossy mode lost records.)
        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.directBootstrapServers()).readAll(topic, READ_TIMEOUT);
        DeliveryLedger.Verdict verdict = ledger.check(stored);
        LOG.log(Level.INFO, scenario + " (seed " + seed + ", " + faults + "): " + verdict.summary());
        ResultsTable.append(scenario, seed, verdict, faults, duration);
        return verdict;
    }

    /**
     * The promise of acks=all with idempotence: every acknowledged record stored exactly once, per-key order kept,
     * the offsets the producer reported are where the records are, and every record has an outcome.
     */
    static void assertExactlyOnceInOrder(DeliveryLedger.Verdict verdict) {
        String details = verdict.summary();
        assertThat(verdict.pending()).as("records never completed: " + details).isZero();
        assertThat(verdict.lost()).as("acknowledged records lost: " + details).isZero();
        assertThat(verdict.duplicated()).as("records stored twice: " + details).isZero();
        assertThat(verdict.reordered())
                .as("records out of per-key order: " + details)
                .isZero();
        assertThat(verdict.offsetMismatches())
                .as("acknowledged offsets wrong: " + details)
                .isZero();
        assertThat(verdict.foreign()).as("records nobody sent: " + details).isZero();
        assertThat(verdict.secondCompletions())
                .as("callbacks run twice: " + details)
                .isZero();
    }
}
