package io.sluice.cli;

import io.sluice.producer.SluiceProducer;

/**
 * The transactions of a {@code sluice perf} run: begun once the producer starts, committed when one has been open
 * for the configured duration (the next begins at once), and the last committed at the end. Without transactions
 * every step is a plain flush or nothing.
 */
final class TransactionCycle {
    private final SluiceProducer<?, ?> producer;
    private final long durationNanos;
    private long openedAtNanos;
    private long committed;

    private TransactionCycle(SluiceProducer<?, ?> producer, long durationNanos) {
        this.producer = producer;
        this.durationNanos = durationNanos;
    }

    /** Registers the transactional id and opens the first transaction, when the run uses transactions. */
    static TransactionCycle start(SluiceProducer<?, ?> producer, PerfTransactions transactions) {
        if (transactions == null) {
            return new TransactionCycle(producer, -1);
        }
        TransactionCycle cycle = new TransactionCycle(producer, transactions.durationMs() * 1_000_000L);
        producer.initTransactions();
        cycle.begin();
        return cycle;
    }

    /** Commits the open transaction and begins the next once it has lasted its duration. */
    void maybeCommit() {
        if (durationNanos > 0 && System.nanoTime() - openedAtNanos >= durationNanos) {
            producer.commitTransaction();
            committed++;
            begin();
        }
    }

    /** Sends everything still buffered: commits the last transaction, or flushes without transactions. */
    void finish() {
        if (durationNanos > 0) {
            producer.commitTransaction();
            committed++;
        } else {
            producer.flush();
        }
    }

    /** How many transactions were committed. */
    long committed() {
        return committed;
    }

    private void begin() {
        producer.beginTransaction();
        openedAtNanos = System.nanoTime();
    }
}
