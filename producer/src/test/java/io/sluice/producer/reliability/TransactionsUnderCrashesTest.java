package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: transactions while a nemesis kill -9s and restarts a random broker every few seconds, the transaction
 * coordinator and the partition leaders included. One transactional producer runs transactions of 10-50 keyed records
 * back to back, aborting about one in four on purpose, and aborting any other whose commit failed. A
 * {@code read_committed} consumer must then see every committed transaction whole, no record of an aborted one,
 * nothing twice, and each key's records in send order.
 */
@ExtendWith(SharedProcessCluster.class)
class TransactionsUnderCrashesTest {
    private static final System.Logger LOG = System.getLogger(TransactionsUnderCrashesTest.class.getName());
    /** How often a commit or abort that timed out is called again before the run gives up on it. */
    private static final int END_ATTEMPTS = 4;

    /** Transactions that failed under the faults and were aborted, and commits or aborts called again. */
    private final AtomicInteger abortedAfterFailure = new AtomicInteger();

    private final AtomicInteger endsCalledAgain = new AtomicInteger();

    @Test
    void committedTransactionsWholeAndAbortedOnesInvisibleWhileBrokersCrash(ProcessCluster kafka) throws Exception {
        String scenario = "4 transactions under leader crashes (kill -9), read_committed";
        long seed = Scenarios.seed(scenario);
        String topic = Scenarios.topic(kafka, "txn", seed);
        Duration duration = Scenarios.length(Duration.ofSeconds(40));
        Map<String, Object> config = Scenarios.idempotent(kafka, 5_000);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "reliability-txn-" + Long.toHexString(seed));
        // An open transaction the producer could not end is aborted by the coordinator after this, so the
        // read_committed consumer is never stuck behind it for long.
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        TransactionLedger ledger = new TransactionLedger();
        AtomicReference<RuntimeException> fatal = new AtomicReference<>();
        SluiceProducer<String, String> producer = Scenarios.producer(config);
        long start = System.nanoTime();
        String faults;
        try {
            producer.initTransactions();
            faults = new Nemesis(
                            "txn",
                            seed,
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(4),
                            random -> Scenarios.killAndRestartRandomBroker(kafka, topic, random))
                    .during(() -> transactions(producer, ledger, topic, duration, new Random(seed), fatal));
        } finally {
            producer.close(Duration.ofSeconds(60));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        kafka.restoreAll();
        kafka.awaitIsrFull(topic, Duration.ofSeconds(180));
        List<StoredRecord> stored =
                TopicReader.readCommitted(kafka.directBootstrapServers()).readAll(topic, Duration.ofSeconds(120));
        TransactionLedger.Verdict verdict = ledger.check(stored);
        LOG.log(Level.INFO, scenario + " (seed " + seed + ", " + faults + "): " + verdict.summary());
        ResultsTable.append(new ResultsTable.Row(
                scenario,
                seed,
                verdict.sent(),
                verdict.committedRecords(),
                verdict.abortedRecords(),
                verdict.lost(),
                verdict.duplicated(),
                verdict.reordered(),
                faults,
                took));
        ResultsTable.note("Scenario 4 (seed " + seed + "): " + verdict.transactions() + " transactions, "
                + verdict.committed() + " committed, " + verdict.aborted() + " aborted, " + verdict.unknown()
                + " of unknown outcome; " + abortedAfterFailure.get() + " aborted after a failure under the faults, "
                + endsCalledAgain.get() + " commits or aborts called again after a timeout; aborted records visible: "
                + verdict.abortedVisible()
                + "; partly visible transactions: " + verdict.partial() + ".");

        String details = verdict.summary();
        assertThat(fatal.get())
                .as("the producer failed for good under crashes: " + details)
                .isNull();
        assertThat(verdict.committed()).as("transactions committed: " + details).isPositive();
        assertThat(verdict.aborted()).as("transactions aborted: " + details).isPositive();
        assertThat(verdict.lost())
                .as("records of committed transactions missing: " + details)
                .isZero();
        assertThat(verdict.abortedVisible())
                .as("records of aborted transactions visible: " + details)
                .isZero();
        assertThat(verdict.partial())
                .as("transactions partly visible: " + details)
                .isZero();
        assertThat(verdict.duplicated()).as("records stored twice: " + details).isZero();
        assertThat(verdict.reordered())
                .as("records out of per-key order: " + details)
                .isZero();
        assertThat(verdict.foreign()).as("records nobody sent: " + details).isZero();
        assertThat(verdict.committedWithFailedSends())
                .as("commits that succeeded although a send failed: " + details)
                .isZero();
    }

    /**
     * Runs transactions back to back until {@code duration} is over or the producer fails for good. A transaction
     * counts as aborted only once {@code abortTransaction()} returned, as committed only once
     * {@code commitTransaction()} returned; anything else is of unknown outcome.
     */
    private void transactions(
            SluiceProducer<String, String> producer,
            TransactionLedger ledger,
            String topic,
            Duration duration,
            Random random,
            AtomicReference<RuntimeException> fatal) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            TransactionLedger.Txn txn = ledger.begin(10 + random.nextInt(41));
            boolean abortOnPurpose = random.nextInt(4) == 0;
            try {
                producer.beginTransaction();
                for (int i = 0; i < txn.size; i++) {
                    producer.send(ledger.record(txn, i, topic), ledger.callback(txn));
                }
                if (abortOnPurpose) {
                    endWithRetries(producer::abortTransaction);
                    ledger.settle(txn, TransactionLedger.Fate.ABORTED);
                } else {
                    endWithRetries(producer::commitTransaction);
                    ledger.settle(txn, TransactionLedger.Fate.COMMITTED);
                }
            } catch (RuntimeException failed) {
                LOG.log(Level.INFO, "transaction " + txn.id + " failed, aborting it: " + failed);
                try {
                    endWithRetries(producer::abortTransaction);
                    ledger.settle(txn, TransactionLedger.Fate.ABORTED);
                    abortedAfterFailure.incrementAndGet();
                } catch (RuntimeException abortFailed) {
                    abortFailed.addSuppressed(failed);
                    ledger.settle(txn, TransactionLedger.Fate.UNKNOWN);
                    fatal.set(abortFailed);
                    LOG.log(Level.ERROR, "transaction " + txn.id + " could not be aborted", abortFailed);
                    return;
                }
            }
        }
    }

    /** Calls a commit or abort again after a timeout, which resumes it, as the producer's javadoc says to. */
    private void endWithRetries(Runnable end) {
        for (int attempt = 1; ; attempt++) {
            try {
                end.run();
                return;
            } catch (TimeoutException e) {
                if (attempt == END_ATTEMPTS) {
                    throw e;
                }
                endsCalledAgain.incrementAndGet();
                LOG.log(Level.INFO, "ending a transaction timed out, calling again: " + e.getMessage());
            }
        }
    }
}
