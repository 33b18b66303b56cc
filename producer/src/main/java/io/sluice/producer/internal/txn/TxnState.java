package io.sluice.producer.internal.txn;

/**
 * The states of a transactional producer. Moves happen under the {@link TransactionManager}'s lock; the user
 * thread moves on calls, the I/O thread on answers.
 *
 * <pre>
 * UNINITIALIZED --initTransactions--> INITIALIZING --InitProducerId ok--> READY
 * READY --beginTransaction--> IN_TRANSACTION --commitTransaction--> COMMITTING --EndTxn(commit) ok--> READY
 * IN_TRANSACTION | ABORTABLE_ERROR --abortTransaction (or close)--> ABORTING
 *     --unsent batches failed, in-flight ones answered, EndTxn(abort) ok [, InitProducerId epoch bump (v1)]--> READY
 * IN_TRANSACTION | COMMITTING --a record or offset of the transaction failed--> ABORTABLE_ERROR
 * any state --fenced, not authorized, or an answer no retry can fix--> FATAL_ERROR (final)
 * </pre>
 */
public enum TxnState {
    /** Created; {@code initTransactions()} not yet called. */
    UNINITIALIZED,
    /** {@code initTransactions()}: finding the coordinator and getting the producer id and epoch. */
    INITIALIZING,
    /** Between transactions. */
    READY,
    /** A transaction is open: records may be sent and offsets added. */
    IN_TRANSACTION,
    /** Flushing the transaction's records, then EndTxn(commit). */
    COMMITTING,
    /** Failing unsent records, waiting for those in flight, then EndTxn(abort) and, if needed, an epoch bump. */
    ABORTING,
    /** Something in the transaction failed; only {@code abortTransaction()} leads on. */
    ABORTABLE_ERROR,
    /** The producer cannot go on; every call fails with the error that put it here. */
    FATAL_ERROR;

    /** Whether batches of the current transaction may be drained. */
    boolean maySend() {
        return this == IN_TRANSACTION || this == COMMITTING;
    }
}
