package io.sluice.producer.internal.txn;

import io.sluice.producer.Node;
import io.sluice.producer.errors.InvalidProducerEpochException;
import io.sluice.producer.errors.OutOfOrderSequenceException;
import io.sluice.producer.errors.SluiceApiException;
import io.sluice.producer.errors.TransactionAbortedException;
import io.sluice.producer.internal.accumulate.BatchStamper;
import io.sluice.producer.internal.accumulate.ProducerBatch;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.idempotence.ProducerIdManager;
import io.sluice.producer.internal.net.BrokerEndpoint;
import io.sluice.producer.internal.net.ExponentialBackoff;
import io.sluice.producer.internal.net.Network;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.FindCoordinatorResponse;
import io.sluice.protocol.message.Request;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The I/O-thread side of transactions: each sender step it looks at the {@link TransactionManager}'s state and sends
 * the next coordinator request, one at a time: FindCoordinator, InitProducerId, AddPartitionsToTxn (v1 only),
 * AddOffsetsToTxn (v1 only) and TxnOffsetCommit, EndTxn. It also gates draining ({@link #mayDrain}): batches go only
 * inside an open or committing transaction and, with transactions v1, only once their partition is added.
 *
 * <p>Transactions v2 (KIP-890) are used when the cluster's finalized {@code transaction.version} is 2 or more:
 * Produce v12+ adds partitions implicitly, TxnOffsetCommit v5 the group, and EndTxn v5 bumps the epoch and may
 * hand out a new producer id, which the producer adopts (sequences restart at 0). On older clusters the requests
 * are capped at the v1 versions (Produce 11, TxnOffsetCommit 4, EndTxn 4), as a broker at transaction.version 1
 * expects.
 *
 * <p>Retriable coordinator errors and lost connections back off from {@code retry.backoff.ms} to
 * {@code retry.backoff.max.ms}; NOT_COORDINATOR and COORDINATOR_NOT_AVAILABLE also forget the coordinator.
 */
public final class TxnDriver implements BatchStamper, Transactions {
    private static final System.Logger LOG = System.getLogger(TxnDriver.class.getName());
    /** The newest Produce version of transactions v1; v12 and later add partitions implicitly. */
    static final short PRODUCE_V1_MAX = 11;
    /** The newest TxnOffsetCommit version of transactions v1. */
    static final short TXN_OFFSET_COMMIT_V1_MAX = 4;
    /** The newest EndTxn version of transactions v1; v5 bumps the epoch. */
    static final short END_TXN_V1_MAX = 4;

    static final String TRANSACTION_VERSION = "transaction.version";

    final String transactionalId;
    final int transactionTimeoutMs;
    final TransactionManager manager;
    final ProducerIdManager producerIds;
    final Network network;
    final TxnCounters counters = new TxnCounters();
    private final RecordAccumulator accumulator;
    private final ExponentialBackoff backoff;
    final CoordinatorLookup coordinators = new CoordinatorLookup();
    final TxnPartitions partitions = new TxnPartitions();
    private final TxnRequests requests;

    // The driver's own state, written only here: TxnRequests builds and decodes, answered() records.
    private boolean requestInFlight;
    private long retryAtMs;
    private int failures;
    private boolean flushing;
    /** Whether the coordinator may know of the current transaction, so that it needs an EndTxn. */
    private boolean started;
    /** Within an abort: EndTxn answered, or skipped. */
    private boolean endTxnDone;
    /** Within an abort: the epoch bump is done (InitProducerId, or EndTxn v5 which bumps by itself). */
    private boolean bumped;
    /** Whether the epoch went stale on the brokers (the coordinator timed the transaction out). */
    private boolean staleEpoch;
    /** Transactions v1: the offsets call for which AddOffsetsToTxn succeeded. */
    private PendingCall offsetsAddedFor;

    private SenderPort port;

    public TxnDriver(
            String transactionalId,
            int transactionTimeoutMs,
            TransactionManager manager,
            ProducerIdManager producerIds,
            RecordAccumulator accumulator,
            Network network,
            long retryBackoffMs,
            long retryBackoffMaxMs) {
        this.transactionalId = transactionalId;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.manager = manager;
        this.producerIds = producerIds;
        this.accumulator = accumulator;
        this.network = network;
        this.backoff = new ExponentialBackoff(retryBackoffMs, retryBackoffMaxMs, 0.2);
        this.requests = new TxnRequests(this);
    }

    /**
     * One step: acts on the state and sends the next coordinator request if one is due and none is in flight.
     *
     * @return how long the I/O thread may wait before calling again
     */
    @Override
    public long maintain(SenderPort sender, long nowMs) {
        this.port = sender;
        TxnState s = manager.state();
        if (flushing && s != TxnState.COMMITTING) {
            accumulator.endFlush();
            flushing = false;
        }
        if (s == TxnState.FATAL_ERROR || s == TxnState.UNINITIALIZED) {
            return Long.MAX_VALUE;
        }
        if (producerIds.isFatal()) {
            fatal(producerIds.fatalError());
            return 0;
        }
        if (s.maySend() && producerIds.wantsNewIdentity()) {
            manager.abortableError(
                    TxnErrors.abortable(
                            "A partition's sequence numbers broke",
                            new OutOfOrderSequenceException(
                                    "the broker lost track of this producer's sequence on a partition", null, -1)),
                    true);
            s = manager.state();
        }
        if (s == TxnState.ABORTABLE_ERROR || s == TxnState.ABORTING) {
            // Nothing more of this transaction goes out; what is on the wire is waited for. What is left fails with
            // the transaction's error, so a send's future says why its transaction could not commit.
            RuntimeException error = manager.transactionError();
            sender.failQueued(error != null ? error : abortedError(), nowMs);
        }
        if (requestInFlight) {
            return Long.MAX_VALUE;
        }
        if (nowMs < retryAtMs && !(s == TxnState.ABORTING && !abortNeedsCoordinator())) {
            // A backoff after a coordinator error holds the next coordinator request. An abort that needs none (its
            // transaction never reached the coordinator) does not wait out the backoff of a request it dropped.
            return retryAtMs - nowMs;
        }
        return switch (s) {
            case INITIALIZING -> send(requests.initProducerId(), nowMs);
            case IN_TRANSACTION -> inTransaction(nowMs);
            case COMMITTING -> committing(nowMs);
            case ABORTING -> aborting(nowMs);
            default -> Long.MAX_VALUE;
        };
    }

    private long inTransaction(long nowMs) {
        if (!manager.txnTv2() && partitions.hasWanted()) {
            return send(requests.addPartitions(), nowMs);
        }
        PendingCall call = manager.pending();
        if (call != null && call.kind == PendingCall.Kind.OFFSETS) {
            return !manager.txnTv2() && offsetsAddedFor != call
                    ? send(requests.addOffsets(call), nowMs)
                    : send(requests.commitOffsets(call), nowMs);
        }
        return Long.MAX_VALUE;
    }

    private long committing(long nowMs) {
        if (!flushing) {
            // commitTransaction() flushes first: every batch becomes sendable at once, linger or not.
            accumulator.beginFlush();
            flushing = true;
        }
        if (!manager.txnTv2() && partitions.hasWanted()) {
            return send(requests.addPartitions(), nowMs);
        }
        if (port.hasUnsettledBatches() || manager.heldRecords() > 0) {
            // Batches still queued or in flight, or held records whose fate the callback thread has yet to report:
            // each answer, and each such report, wakes the loop.
            return Long.MAX_VALUE;
        }
        if (!started) {
            endOfTransaction();
            manager.committed();
            return 0;
        }
        return send(requests.endTxn(true), nowMs);
    }

    private long aborting(long nowMs) {
        if (port.hasUnsettledBatches()) {
            // Batches on the wire must be answered first: a late write after the abort marker would be outside it.
            return Long.MAX_VALUE;
        }
        if (!endTxnDone) {
            if (started) {
                // Even after the coordinator timed the transaction out (a stale epoch), EndTxn(abort) comes first:
                // it accepts the abort of the epoch it just fenced, while an InitProducerId naming that epoch
                // straight away is answered PRODUCER_FENCED (seen on 4.3 brokers at transaction.version 1).
                return send(requests.endTxn(false), nowMs);
            }
            endTxnDone = true;
        }
        if (bumpPending()) {
            return send(requests.initProducerId(), nowMs);
        }
        endOfTransaction();
        manager.aborted();
        return 0;
    }

    /** Whether the abort still has to send EndTxn or InitProducerId. */
    private boolean abortNeedsCoordinator() {
        return (started && !endTxnDone) || bumpPending();
    }

    /** Whether the abort still owes the producer a new epoch. */
    private boolean bumpPending() {
        return (manager.bumpRequired() || staleEpoch) && !bumped;
    }

    /** Resets what belongs to one transaction. */
    private void endOfTransaction() {
        partitions.clear();
        started = false;
        endTxnDone = false;
        bumped = false;
        staleEpoch = false;
        offsetsAddedFor = null;
    }

    private TransactionAbortedException abortedError() {
        return new TransactionAbortedException(
                "The record was not sent: its transaction is being aborted", null, -1, null);
    }

    // ---------------------------------------------------------------- hooks from the sender and drain

    /** Gates draining: only inside an open or committing transaction; with v1 only once the partition is added. */
    @Override
    public boolean mayDrain(ProducerBatch first) {
        if (!producerIds.mayDrain(first) || !manager.state().maySend()) {
            return false;
        }
        return manager.txnTv2() || first.hasSequence() || partitions.addedOrWanted(first.topic(), first.partition());
    }

    @Override
    public void stamp(ProducerBatch batch) {
        producerIds.stamp(batch);
    }

    /**
     * Whether drain just held back partitions new to the transaction, which AddPartitionsToTxn should add on the
     * next step (v1). Only new ones count: partitions waiting for a retry or for the coordinator's connection are
     * already timed by {@link #maintain}, and stepping at once for them would spin the I/O thread.
     */
    @Override
    public boolean hasPartitionsToAdd() {
        return partitions.takeNewlyWanted() && !requestInFlight && !manager.txnTv2();
    }

    /** The highest Produce version for transactional batches: v12+ only with transactions v2. */
    @Override
    public short produceVersionCap() {
        return manager.txnTv2() ? Short.MAX_VALUE : PRODUCE_V1_MAX;
    }

    /** A Produce request with batches of the transaction went out: with v2 that adds their partitions. */
    @Override
    public void onProduceSent() {
        started = true;
    }

    /** A batch of the transaction failed for good: the transaction must abort (or the producer is fenced). */
    @Override
    public void onBatchFailed(ProducerBatch batch, RuntimeException error) {
        if (error instanceof TransactionAbortedException || manager.isTransactionError(error)) {
            // Failed because the transaction is ending: nothing new to learn from it.
            return;
        }
        if (producerIds.isFatal()) {
            fatal(producerIds.fatalError());
            return;
        }
        if (error instanceof InvalidProducerEpochException) {
            // KIP-588: the coordinator ended the transaction (a timeout) and bumped the epoch; abortable.
            staleEpoch = true;
        }
        // A failed batch leaves a hole or an unknown in its partition's sequence: start the next one on a new epoch.
        manager.abortableError(
                TxnErrors.abortable("A record of the transaction could not be written", error), batch.hasSequence());
    }

    @Override
    public boolean staleEpochIsAbortable() {
        return true;
    }

    /** Whether a commit or abort is under way, which a closing producer waits for. */
    public boolean isCompleting() {
        TxnState s = manager.state();
        return s == TxnState.COMMITTING || s == TxnState.ABORTING;
    }

    /** On close: aborts an open transaction, as Kafka's producer does. */
    public void abortOnClose() {
        manager.abortOnClose();
    }

    /** Counters of the transactional requests sent, by name. */
    public Map<String, Number> metrics() {
        Map<String, Number> m = new HashMap<>();
        counters.into(m);
        m.put("txn-protocol-version", manager.txnTv2() ? 2 : 1);
        return m;
    }

    // ---------------------------------------------------------------- coordinator requests and their answers

    /** The highest version of a call's request the transaction's protocol allows. */
    private short maxVersion(TxnRequests.Kind kind) {
        if (manager.txnTv2()) {
            return Short.MAX_VALUE;
        }
        return switch (kind) {
            case TXN_OFFSET_COMMIT -> TXN_OFFSET_COMMIT_V1_MAX;
            case END_TXN_COMMIT, END_TXN_ABORT -> END_TXN_V1_MAX;
            default -> Short.MAX_VALUE;
        };
    }

    /** Sends a call to the coordinator of its key, finding the coordinator first if needed. */
    private long send(TxnRequests.Call call, long nowMs) {
        BrokerEndpoint node = coordinators.find(call.keyType, call.key);
        if (node == null) {
            return findCoordinator(call.keyType, call.key, nowMs);
        }
        if (!network.ready(node, nowMs)) {
            return network.isConnecting(node.id()) || network.isConnected(node.id())
                    ? Long.MAX_VALUE
                    : Math.max(1, network.connectionDelayMs(node.id(), nowMs));
        }
        call.nodeId = node.id();
        try {
            Request request = call.build();
            if (call.kind == TxnRequests.Kind.TXN_OFFSET_COMMIT) {
                // With v2 the group joins the transaction on the broker's side, whatever the answer: end it.
                started = true;
            }
            network.send(node.id(), request, maxVersion(call.kind), true, call, nowMs);
        } catch (RuntimeException e) {
            undo(call);
            fatal(new io.sluice.producer.errors.TransactionFatalException(
                    "cannot send " + call.what + " to node " + node.id() + ": " + e.getMessage(),
                    "UNSUPPORTED_VERSION",
                    e));
            return 0;
        }
        requestInFlight = true;
        return Long.MAX_VALUE;
    }

    private long findCoordinator(byte keyType, String key, long nowMs) {
        List<BrokerEndpoint> candidates = new ArrayList<>();
        for (Node n : port.cluster().nodes()) {
            candidates.add(BrokerEndpoint.of(n));
        }
        BrokerEndpoint node = network.leastLoadedNode(candidates, nowMs);
        if (node == null) {
            port.requestMetadataUpdate();
            return 50;
        }
        if (!network.ready(node, nowMs)) {
            return network.isConnecting(node.id()) || network.isConnected(node.id())
                    ? Long.MAX_VALUE
                    : Math.max(1, network.connectionDelayMs(node.id(), nowMs));
        }
        TxnRequests.Call call = requests.findCoordinator(keyType, key);
        call.nodeId = node.id();
        network.send(node.id(), call.build(), true, call, nowMs);
        requestInFlight = true;
        return Long.MAX_VALUE;
    }

    /** A call was answered with {@code error}, the one that decides its answer: record what it did. */
    void answered(TxnRequests.Call call, Errors error, long nowMs) {
        requestInFlight = false;
        if (call.kind == TxnRequests.Kind.FIND_COORDINATOR) {
            coordinatorFound(call.keyType, call.key, call.coordinator, nowMs);
            return;
        }
        if (error != Errors.NONE) {
            undo(call);
            settle(error, call.classify(error), call.keyType, call.key, call.what, nowMs);
            return;
        }
        succeeded();
        switch (call.kind) {
            case INIT_PRODUCER_ID -> {
                if (manager.state() == TxnState.INITIALIZING) {
                    manager.initialized();
                } else {
                    bumped = true;
                }
            }
            case ADD_PARTITIONS -> {
                partitions.addSucceeded();
                started = true;
            }
            case ADD_OFFSETS -> {
                started = true;
                offsetsAddedFor = call.offsets;
            }
            case TXN_OFFSET_COMMIT -> {
                started = true;
                manager.offsetsAdded();
            }
            case END_TXN_COMMIT -> {
                endOfTransaction();
                manager.committed();
            }
            case END_TXN_ABORT -> {
                bumped |= call.newIdentity;
                endTxnDone = true;
            }
            case FIND_COORDINATOR -> throw new IllegalStateException("answered above");
        }
    }

    /** A call got no answer (its connection broke or it timed out): forget the coordinator and back off. */
    void lost(TxnRequests.Call call, long nowMs) {
        requestInFlight = false;
        undo(call);
        coordinators.forgetNode(call.nodeId);
        backOff(nowMs);
    }

    /** Gives back what sending the call reserved: the partitions an AddPartitionsToTxn took are wanted again. */
    private void undo(TxnRequests.Call call) {
        if (call.kind == TxnRequests.Kind.ADD_PARTITIONS) {
            partitions.addFailed();
        }
    }

    /** Settles a FindCoordinator answer. */
    private void coordinatorFound(byte keyType, String key, FindCoordinatorResponse.Coordinator c, long nowMs) {
        Errors error = c.error();
        if (error == Errors.NONE) {
            coordinators.found(keyType, key, new BrokerEndpoint(c.nodeId(), c.host(), c.port()));
            failures = 0;
            return;
        }
        if (error == Errors.GROUP_AUTHORIZATION_FAILED) {
            manager.abortableError(TxnErrors.abortable(error, "FindCoordinator for group " + key), false);
            return;
        }
        settle(error, TxnErrors.classifyTxnCoordinator(error), keyType, key, "FindCoordinator", nowMs);
    }

    /**
     * Acts on a coordinator's error: back off and retry, forget the coordinator, or move the state.
     */
    private void settle(Errors error, TxnErrors.Kind kind, byte keyType, String key, String what, long nowMs) {
        switch (kind) {
            case REDISCOVER -> {
                LOG.log(Level.DEBUG, "{0}: {1}, finding the coordinator again", what, error.name());
                coordinators.forget(keyType, key);
                backOff(nowMs);
            }
            case RETRY -> {
                LOG.log(Level.DEBUG, "{0}: {1}, retrying", what, error.name());
                backOff(nowMs);
            }
            case ABORTABLE -> {
                TxnState s = manager.state();
                if (s == TxnState.IN_TRANSACTION || s == TxnState.COMMITTING) {
                    manager.abortableError(TxnErrors.abortable(error, what), false);
                } else if (s == TxnState.ABORTABLE_ERROR || s == TxnState.ABORTING) {
                    // An answer to a request sent before the transaction went wrong: it is being aborted already,
                    // and the abort needs nothing from that request, so the producer goes on.
                    LOG.log(Level.DEBUG, "{0}: {1} while the transaction is being aborted", what, error.name());
                } else {
                    fatal(TxnErrors.fatal(error, what));
                }
            }
            case FATAL -> fatal(TxnErrors.fatal(error, what));
        }
    }

    private void backOff(long nowMs) {
        retryAtMs = nowMs + backoff.backoffMs(failures++);
    }

    private void succeeded() {
        failures = 0;
    }

    /** Any state -> FATAL_ERROR; no batch of this producer is sent any more. */
    private void fatal(RuntimeException error) {
        String name = error instanceof SluiceApiException api ? api.errorName() : null;
        producerIds.enterFatal(error, name);
        manager.fatalError(error);
    }
}
