package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.Poll;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6's proof of idempotence: 200,000 keyed records with acks=all on RF=3, min.insync.replicas=2, while the
 * leader of the partition under test is stopped (SIGTERM, a controlled shutdown) and restarted, then its successor
 * is killed (kill -9) and restarted. Read back with kafka-clients' read_uncommitted consumer: every record
 * acknowledged, stored exactly once, in send order per key and per partition.
 *
 * <p>The faults come at fixed points of the stream so they always hit records in flight: the first once 30,000
 * records completed, the second once the cluster healed and 15,000 more completed; the last 20,000 records are only
 * trickled out until the second fault has begun. Each fault must move the leadership, and the records outstanding
 * when it struck must be settled by the new leader while the old one is still down (so the producer failed over
 * rather than waiting for the old leader to come back).
 */
@ExtendWith(SharedProcessCluster.class)
class LeaderRestartsTest {
    private static final int RECORDS = 200_000;
    private static final int PER_SECOND = 4_000;
    /** The pace while the last records wait for the second fault: slow, but still records in flight. */
    private static final int TRICKLE_PER_SECOND = 200;

    private static final int HELD_BACK = 20_000;
    private static final int MAX_OUTSTANDING = 40_000;
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(3);
    private static final String STOP = "SIGTERM (controlled shutdown)";
    private static final String KILL = "kill -9";

    @Test
    void everyRecordOnceInSendOrderWhileThePartitionLeaderIsStoppedThenKilled(ProcessCluster kafka) throws Exception {
        String scenario = "issue 6: partition leader stopped, then killed, each restarted; acks=all, idempotent";
        long seed = Scenarios.seed(scenario);
        String topic = Scenarios.topic(kafka, "restarts", seed);
        DeliveryLedger ledger = new DeliveryLedger(RECORDS);
        SluiceProducer<String, String> producer = Scenarios.producer(Scenarios.idempotent(kafka, 5_000));
        long start = System.nanoTime();
        LeaderFaults faults = new LeaderFaults(kafka, topic, ledger, () -> retries(producer));
        List<Fault> injected;
        try {
            // Record 0 (key k0) finds the partition under test, and warms up metadata and the producer id.
            DeliveryLedger.Tracked first = ledger.next(topic, key(0));
            int partition = producer.send(first.record(), first.callback())
                    .get(60, TimeUnit.SECONDS)
                    .partition();
            faults.start(partition);
            load(producer, ledger, topic, faults);
            injected = faults.await();
        } catch (Exception | Error e) {
            producer.close(Duration.ZERO);
            faults.awaitQuietly();
            throw e;
        }
        DeliveryLedger.Verdict verdict = Scenarios.finish(
                kafka, producer, ledger, topic, scenario, seed, describe(injected), start, Duration.ofSeconds(150));
        ResultsTable.note("Partition leader stopped, then killed: " + details(injected) + "; "
                + verdict.outOfPartitionOrder() + " records out of send order within their partition.");

        String details = verdict.summary();
        Scenarios.assertExactlyOnceInOrder(verdict);
        assertThat(verdict.failed())
                .as("records reported failed: " + verdict.failures())
                .isZero();
        assertThat(verdict.acked()).as("records acknowledged: " + details).isEqualTo(RECORDS);
        assertThat(verdict.stored()).as("records stored: " + details).isEqualTo(RECORDS);
        assertThat(verdict.outOfPartitionOrder())
                .as("records out of send order in their partition: " + details)
                .isZero();
        assertEffective(injected);
    }

    /**
     * Sends records 1 to {@link #RECORDS}-1 at {@link #PER_SECOND}, never more than {@link #MAX_OUTSTANDING} without
     * an outcome; the last {@link #HELD_BACK} go at {@link #TRICKLE_PER_SECOND} until the second fault has begun.
     */
    private static void load(
            SluiceProducer<String, String> producer, DeliveryLedger ledger, String topic, LeaderFaults faults) {
        long fullGap = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;
        long trickleGap = TimeUnit.SECONDS.toNanos(1) / TRICKLE_PER_SECOND;
        long catchUp = TimeUnit.MILLISECONDS.toNanos(100);
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        long due = System.nanoTime();
        for (int i = 1; i < RECORDS; ) {
            long now = System.nanoTime();
            if (now > deadline) {
                throw new AssertionError("the load did not finish within " + LOAD_TIMEOUT + ": sent " + ledger.sent()
                        + ", completed " + ledger.completed() + ", faults " + faults.progress());
            }
            if (now < due || ledger.outstanding() >= MAX_OUTSTANDING) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            DeliveryLedger.Tracked t = ledger.next(topic, key(i));
            producer.send(t.record(), t.callback());
            i++;
            boolean holding = i >= RECORDS - HELD_BACK && !faults.lastBegun();
            // After a stall, catch up by at most 100 ms worth of records rather than in one burst.
            due = Math.max(due, now - catchUp) + (holding ? trickleGap : fullGap);
        }
    }

    private static String key(int i) {
        return "k" + (i % Scenarios.KEYS);
    }

    private static long retries(SluiceProducer<String, String> producer) {
        Number retries = producer.metrics().get("record-retry-total");
        return retries == null ? 0 : retries.longValue();
    }

    /** What one fault did, as {@link LeaderFaults} measured it. */
    record Fault(
            String kind,
            int leader,
            int successor,
            int sentAtFault,
            long outstandingAtFault,
            boolean settledWhileDown,
            long settleMillis,
            long downMillis,
            long healMillis,
            long retries) {}

    /** The faults for the results table. */
    private static String describe(List<Fault> faults) {
        List<String> parts = new ArrayList<>();
        long retries = 0;
        for (Fault f : faults) {
            parts.add(f.kind() + " leader " + f.leader() + " (new leader " + f.successor() + ", down "
                    + seconds(f.downMillis()) + ") + restart");
            retries += f.retries();
        }
        return String.join(", ", parts) + "; " + retries + " records retried";
    }

    /** What each fault hit and how long its steps took, for the notes. */
    private static String details(List<Fault> faults) {
        List<String> parts = new ArrayList<>();
        for (Fault f : faults) {
            parts.add(f.kind() + " of broker " + f.leader() + " after " + f.sentAtFault() + " records sent, "
                    + f.outstandingAtFault() + " of them outstanding; " + f.successor() + " led next; the outstanding "
                    + (f.settledWhileDown() ? "settled " + seconds(f.settleMillis()) : "did NOT settle")
                    + " after the fault, while broker " + f.leader() + " was down; back in every ISR after "
                    + seconds(f.healMillis()) + "; " + f.retries() + " records retried");
        }
        return String.join("; ", parts);
    }

    /** The faults did what the test relies on; otherwise it proves nothing. */
    private static void assertEffective(List<Fault> faults) {
        assertThat(faults).as("faults injected").hasSize(2);
        assertThat(faults.get(0).kind()).isEqualTo(STOP);
        assertThat(faults.get(1).kind()).isEqualTo(KILL);
        for (Fault f : faults) {
            String what = f.toString();
            assertThat(f.successor()).as("the leader moved: " + what).isNotEqualTo(f.leader());
            assertThat(f.outstandingAtFault())
                    .as("records in flight at the fault: " + what)
                    .isPositive();
            assertThat(f.retries())
                    .as("records retried because the fault caught their request: " + what)
                    .isPositive();
            assertThat(f.sentAtFault())
                    .as("records sent after the fault: " + what)
                    .isLessThan(RECORDS);
            assertThat(f.settledWhileDown())
                    .as("records outstanding at the fault settled by the new leader: " + what)
                    .isTrue();
        }
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }

    /**
     * The fault schedule, on its own thread: once {@link #COMPLETED_BEFORE_FIRST} records completed, stop the
     * partition's leader; once {@link #COMPLETED_BETWEEN} more completed after the cluster healed, kill -9 the
     * leader of that moment. Each fault: find the leader, strike, wait for a running successor, wait until every
     * record sent before the fault has an outcome (bounded), restart the broker, wait for a full ISR everywhere.
     */
    private static final class LeaderFaults {
        private static final int COMPLETED_BEFORE_FIRST = 30_000;
        private static final int COMPLETED_BETWEEN = 15_000;
        private static final Duration TRIGGER_TIMEOUT = Duration.ofSeconds(120);
        private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
        private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(120);
        private static final Duration SCHEDULE_TIMEOUT = Duration.ofMinutes(4);

        private final ProcessCluster kafka;
        private final String topic;
        private final DeliveryLedger ledger;
        private final LongSupplier retries;
        /** Written by the fault thread only; read after {@link #done} completed. */
        private final List<Fault> faults = new ArrayList<>();

        private final CompletableFuture<List<Fault>> done = new CompletableFuture<>();
        private volatile boolean lastBegun;
        private volatile String step = "not started";
        private int partition;
        /** Ids below it all have an outcome; only advanced by the fault thread. */
        private int settledBelow;

        LeaderFaults(ProcessCluster kafka, String topic, DeliveryLedger ledger, LongSupplier retries) {
            this.kafka = kafka;
            this.topic = topic;
            this.ledger = ledger;
            this.retries = retries;
        }

        void start(int partitionUnderTest) {
            this.partition = partitionUnderTest;
            Thread thread = new Thread(this::run, "leader-faults");
            thread.setDaemon(true);
            thread.start();
        }

        /** Whether the second fault has struck (or the schedule ended): the held-back records may go. */
        boolean lastBegun() {
            return lastBegun;
        }

        String progress() {
            return step;
        }

        private void run() {
            try {
                awaitCompleted(COMPLETED_BEFORE_FIRST);
                long completedAfterFirst = inject(STOP, kafka::stopBroker);
                awaitCompleted(Math.min(completedAfterFirst + COMPLETED_BETWEEN, RECORDS - HELD_BACK));
                inject(KILL, kafka::killBroker);
                step = "done";
                done.complete(faults);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(new IllegalStateException("fault schedule failed at: " + step, e));
            } finally {
                lastBegun = true;
            }
        }

        private void awaitCompleted(long count) {
            step = "waiting for " + count + " records to complete";
            if (!Poll.within(TRIGGER_TIMEOUT, () -> ledger.completed() >= count)) {
                throw new IllegalStateException("only " + ledger.completed() + " records completed within "
                        + TRIGGER_TIMEOUT + ", waiting for " + count);
            }
        }

        /** One fault, healed; returns how many records had completed once the cluster was whole again. */
        private long inject(String kind, IntConsumer strike) {
            step = kind + ": finding the leader of " + topic + "-" + partition;
            int leader = kafka.leader(topic, partition);
            long retriesBefore = retries.getAsLong();
            int sentAtFault = ledger.sent();
            long outstandingAtFault = ledger.outstanding();
            long began = System.nanoTime();
            step = kind + " of broker " + leader;
            strike.accept(leader);
            if (KILL.equals(kind)) {
                lastBegun = true;
            }
            step = kind + ": waiting for a running leader other than " + leader;
            int successor = kafka.leader(topic, partition);
            step = kind + ": waiting for the " + sentAtFault + " records sent before the fault to complete";
            boolean settled = Poll.within(SETTLE_TIMEOUT, () -> settledBelow(sentAtFault));
            long settleMillis = millisSince(began);
            step = kind + ": restarting broker " + leader;
            kafka.restartBroker(leader);
            long downMillis = millisSince(began);
            step = kind + ": waiting for broker " + leader + " to be back in every ISR";
            kafka.awaitIsrFull(topic, HEAL_TIMEOUT);
            faults.add(new Fault(
                    kind,
                    leader,
                    successor,
                    sentAtFault,
                    outstandingAtFault,
                    settled,
                    settleMillis,
                    downMillis,
                    millisSince(began),
                    retries.getAsLong() - retriesBefore));
            return ledger.completed();
        }

        private boolean settledBelow(int count) {
            while (settledBelow < count && ledger.outcome(settledBelow) != DeliveryLedger.PENDING) {
                settledBelow++;
            }
            return settledBelow >= count;
        }

        private static long millisSince(long nanos) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
        }

        /** The faults injected, once the schedule ended; throws what made it fail. */
        List<Fault> await() throws Exception {
            try {
                return done.get(SCHEDULE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "the fault schedule did not end within " + SCHEDULE_TIMEOUT + ", at: " + step);
            }
        }

        /** After a failure elsewhere: let a running fault heal, so no broker stays down for the next test. */
        void awaitQuietly() {
            try {
                done.get(SCHEDULE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // The caller is already failing; the shared cluster restores itself before the next test.
            }
        }
    }
}
