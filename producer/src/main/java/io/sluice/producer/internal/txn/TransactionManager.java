package io.sluice.producer.internal.txn;

import io.sluice.producer.ConsumerGroupMetadata;
import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.TopicPartition;
import io.sluice.producer.errors.IllegalTransactionStateException;
import io.sluice.producer.errors.TransactionAbortableException;
import io.sluice.producer.internal.time.Clock;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transaction state machine ({@link TxnState}) and the user-thread side of the transactional calls. A call
 * checks and moves the state under the lock, leaves a {@link PendingCall} for the I/O thread ({@link TxnDriver})
 * and waits for it outside the lock, at most {@code max.block.ms}. A call that timed out stays pending: repeating
 * the same call waits for the same operation (Kafka's semantics); no other operation may start meanwhile, except
 * {@code abortTransaction()} after a timed-out {@code sendOffsetsToTransaction()}.
 *
 * <p>Errors: the first abortable error of a transaction moves it to {@link TxnState#ABORTABLE_ERROR}, the first
 * fatal one the producer to {@link TxnState#FATAL_ERROR}; later calls throw a fresh exception of the same type with
 * the stored one as cause.
 */
public final class TransactionManager implements TransactionControl {
    private static final System.Logger LOG = System.getLogger(TransactionManager.class.getName());

    private final ReentrantLock lock = new ReentrantLock();
    private final Runnable wakeup;
    private final Clock clock;
    private final AtomicInteger heldRecords = new AtomicInteger();

    private volatile TxnState state = TxnState.UNINITIALIZED;
    /** The call the I/O thread works on, or null; guarded by {@link #lock}. */
    private PendingCall pending;
    /** The abortable error of the current transaction or the fatal error; guarded by {@link #lock}. */
    private RuntimeException lastError;
    /** Whether the current transaction must end with a new epoch (its sequences broke, or its epoch went stale). */
    private boolean bumpRequired;
    /** Whether the cluster's finalized {@code transaction.version} was 2 or more when last seen. */
    private volatile boolean clusterTv2;
    /** Whether the current transaction speaks transactions v2 (KIP-890); fixed when it begins. */
    private volatile boolean txnTv2;

    /**
     * Creates the manager.
     *
     * @param wakeup wakes the I/O thread when a call left work for it
     * @param clock the producer's clock, which times every wait of a call
     */
    public TransactionManager(Runnable wakeup, Clock clock) {
        this.wakeup = wakeup;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- user thread

    @Override
    public void initTransactions(long maxBlockMs) {
        PendingCall call;
        lock.lock();
        try {
            call = resume(PendingCall.Kind.INIT);
            if (call == null) {
                throwIfFatal();
                if (state != TxnState.UNINITIALIZED) {
                    throw new IllegalTransactionStateException(
                            "initTransactions() was already called; the producer is in state " + state);
                }
                call = start(new PendingCall(PendingCall.Kind.INIT), TxnState.INITIALIZING);
            }
        } finally {
            lock.unlock();
        }
        finish(call, maxBlockMs);
    }

    @Override
    public void beginTransaction() {
        lock.lock();
        try {
            throwIfFatal();
            throwIfPending("beginTransaction");
            throwIfAbortable();
            if (state != TxnState.READY) {
                throw new IllegalTransactionStateException(
                        state == TxnState.UNINITIALIZED
                                ? "Cannot begin a transaction before initTransactions() completed"
                                : "Cannot begin a transaction while one is open (state " + state + ")");
            }
            txnTv2 = clusterTv2;
            state = TxnState.IN_TRANSACTION;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group, long maxBlockMs) {
        PendingCall call;
        lock.lock();
        try {
            call = resume(PendingCall.Kind.OFFSETS);
            if (call == null) {
                throwIfFatal();
                throwIfPending("sendOffsetsToTransaction");
                throwIfAbortable();
                requireOpen("sendOffsetsToTransaction");
                if (offsets.isEmpty()) {
                    return;
                }
                call = start(new PendingCall(PendingCall.Kind.OFFSETS, Map.copyOf(offsets), group), state);
            }
        } finally {
            lock.unlock();
        }
        finish(call, maxBlockMs);
    }

    @Override
    public void commitTransaction(long maxBlockMs) {
        PendingCall call;
        lock.lock();
        try {
            call = resume(PendingCall.Kind.COMMIT);
            if (call == null) {
                throwIfFatal();
                throwIfPending("commitTransaction");
                throwIfAbortable();
                requireOpen("commitTransaction");
                call = start(new PendingCall(PendingCall.Kind.COMMIT), TxnState.COMMITTING);
            }
        } finally {
            lock.unlock();
        }
        finish(call, maxBlockMs);
    }

    @Override
    public void abortTransaction(long maxBlockMs) {
        PendingCall call;
        lock.lock();
        try {
            call = resume(PendingCall.Kind.ABORT);
            if (call == null) {
                throwIfFatal();
                if (pending != null && pending.kind == PendingCall.Kind.OFFSETS) {
                    // The caller gave up waiting for its offsets: they go with the transaction.
                    pending.fail(TxnErrors.abortable("sendOffsetsToTransaction", abortedByCaller()));
                    pending = null;
                }
                throwIfPending("abortTransaction");
                if (state != TxnState.IN_TRANSACTION && state != TxnState.ABORTABLE_ERROR) {
                    throw new IllegalTransactionStateException("Cannot abort: no transaction is open (state " + state
                            + "); call beginTransaction() first");
                }
                call = start(new PendingCall(PendingCall.Kind.ABORT), TxnState.ABORTING);
            }
        } finally {
            lock.unlock();
        }
        finish(call, maxBlockMs);
    }

    @Override
    public void checkSend() {
        TxnState s = state;
        if (s == TxnState.IN_TRANSACTION) {
            return;
        }
        lock.lock();
        try {
            throwIfFatal();
            throwIfAbortable();
            if (state != TxnState.IN_TRANSACTION) {
                throw new IllegalTransactionStateException("Cannot send a record outside a transaction on a producer"
                        + " with transactional.id (state " + state + "): "
                        + (state == TxnState.UNINITIALIZED
                                ? "call initTransactions(), then beginTransaction()"
                                : "call beginTransaction() first"));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void recordFailed(RuntimeException error) {
        if (!(error instanceof io.sluice.producer.errors.TransactionAbortedException) && !isTransactionError(error)) {
            abortableError(TxnErrors.abortable("A record of the transaction could not be sent", error), false);
        }
    }

    @Override
    public void heldForMetadata() {
        heldRecords.incrementAndGet();
    }

    @Override
    public void heldRecordDone(Exception error) {
        if (error instanceof RuntimeException re) {
            recordFailed(re);
        }
        heldRecords.decrementAndGet();
        wakeup.run();
    }

    /** Records of the transaction held for metadata whose callbacks have not run yet. */
    int heldRecords() {
        return heldRecords.get();
    }

    /** The current state. */
    public TxnState state() {
        return state;
    }

    // ---------------------------------------------------------------- call bookkeeping (lock held)

    /** The pending call of this kind, to wait for again, or null. */
    private PendingCall resume(PendingCall.Kind kind) {
        if (pending != null && pending.kind == kind) {
            return pending;
        }
        return null;
    }

    private PendingCall start(PendingCall call, TxnState next) {
        pending = call;
        state = next;
        wakeup.run();
        return call;
    }

    /** Waits outside the lock, then forgets the call and throws its error if it failed. */
    private void finish(PendingCall call, long maxBlockMs) {
        call.await(maxBlockMs, clock);
        lock.lock();
        try {
            if (pending == call) {
                pending = null;
            }
        } finally {
            lock.unlock();
        }
        RuntimeException error = call.error();
        if (error != null) {
            throw TxnErrors.rethrowable(error);
        }
    }

    private void throwIfFatal() {
        if (state == TxnState.FATAL_ERROR) {
            throw TxnErrors.rethrowable(lastError);
        }
    }

    private void throwIfAbortable() {
        if (state == TxnState.ABORTABLE_ERROR) {
            throw TxnErrors.rethrowable(lastError);
        }
    }

    private void throwIfPending(String call) {
        if (pending != null) {
            throw new IllegalTransactionStateException("Cannot call " + call + "() while " + pending.kind.method
                    + "() is still in progress: call " + pending.kind.method + "() again to wait for it");
        }
    }

    private void requireOpen(String call) {
        if (state != TxnState.IN_TRANSACTION) {
            throw new IllegalTransactionStateException("Cannot call " + call + "(): no transaction is open (state "
                    + state + "); call beginTransaction()" + " first");
        }
    }

    private static RuntimeException abortedByCaller() {
        return new io.sluice.producer.errors.TransactionAbortedException(
                "the transaction was aborted by the caller", null, -1, null);
    }

    // ---------------------------------------------------------------- I/O thread

    /** The call the I/O thread should work on, or null. */
    PendingCall pending() {
        lock.lock();
        try {
            return pending;
        } finally {
            lock.unlock();
        }
    }

    boolean txnTv2() {
        return txnTv2;
    }

    void clusterTv2(boolean tv2) {
        this.clusterTv2 = tv2;
    }

    /**
     * The error the unsent batches of a transaction that must abort fail with, as Kafka's producer fails them: the
     * abortable error that ended it, or null when the caller aborted a healthy transaction.
     */
    RuntimeException transactionError() {
        lock.lock();
        try {
            TxnState s = state;
            return s == TxnState.ABORTABLE_ERROR || s == TxnState.ABORTING ? lastError : null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code error} is the transaction's own error, which a batch failed with because of it. */
    boolean isTransactionError(RuntimeException error) {
        lock.lock();
        try {
            return error != null && error == lastError;
        } finally {
            lock.unlock();
        }
    }

    boolean bumpRequired() {
        lock.lock();
        try {
            return bumpRequired;
        } finally {
            lock.unlock();
        }
    }

    /** INITIALIZING -> READY: the producer id and epoch are here. */
    void initialized() {
        complete(PendingCall.Kind.INIT, TxnState.READY);
    }

    /** The offsets are with the group coordinator; the transaction goes on. */
    void offsetsAdded() {
        lock.lock();
        try {
            if (pending != null && pending.kind == PendingCall.Kind.OFFSETS) {
                pending.complete();
            }
        } finally {
            lock.unlock();
        }
    }

    /** COMMITTING -> READY. */
    void committed() {
        complete(PendingCall.Kind.COMMIT, TxnState.READY);
    }

    /** ABORTING -> READY (after the epoch bump, if one was required). */
    void aborted() {
        lock.lock();
        try {
            bumpRequired = false;
            lastError = null;
        } finally {
            lock.unlock();
        }
        complete(PendingCall.Kind.ABORT, TxnState.READY);
    }

    private void complete(PendingCall.Kind kind, TxnState next) {
        lock.lock();
        try {
            if (state == TxnState.FATAL_ERROR) {
                return;
            }
            state = next;
            if (pending != null && pending.kind == kind) {
                pending.complete();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * IN_TRANSACTION | COMMITTING -> ABORTABLE_ERROR; the first error of the transaction is the one reported. A
     * pending offsets or commit call fails with it.
     *
     * @param bump whether the abort must end with a new epoch
     */
    void abortableError(TransactionAbortableException error, boolean bump) {
        lock.lock();
        try {
            bumpRequired |= bump;
            if (state != TxnState.IN_TRANSACTION && state != TxnState.COMMITTING) {
                return;
            }
            LOG.log(Level.INFO, "transaction must abort: {0}", error.getMessage());
            lastError = error;
            state = TxnState.ABORTABLE_ERROR;
            if (pending != null && pending.kind != PendingCall.Kind.ABORT) {
                pending.fail(error);
                pending = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Any state -> FATAL_ERROR; the pending call fails with {@code error}. */
    void fatalError(RuntimeException error) {
        lock.lock();
        try {
            if (state == TxnState.FATAL_ERROR) {
                return;
            }
            LOG.log(Level.ERROR, "the transactional producer cannot continue: {0}", error.getMessage());
            lastError = error;
            state = TxnState.FATAL_ERROR;
            if (pending != null) {
                pending.fail(error);
                pending = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** On close: an open transaction is aborted, as Kafka's producer does; returns whether one was. */
    boolean abortOnClose() {
        lock.lock();
        try {
            if (pending == null && (state == TxnState.IN_TRANSACTION || state == TxnState.ABORTABLE_ERROR)) {
                LOG.log(Level.INFO, "aborting the open transaction because the producer is closing");
                state = TxnState.ABORTING;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }
}
