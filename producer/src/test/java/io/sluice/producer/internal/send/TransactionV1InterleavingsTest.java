package io.sluice.producer.internal.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.SluiceApiException;
import io.sluice.producer.internal.net.RequestTimeoutException;
import io.sluice.producer.internal.net.ScriptedNetwork;
import io.sluice.producer.internal.txn.TxnState;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suspected hang of a v1 transaction's first send, walked exhaustively: a transaction at {@code
 * transaction.version=1} with one record, and every sequence of the first {@link #DEPTH} things a v1 cluster may do
 * with the request in flight ({@link Move}): answer it, answer it late, refuse it with a retriable error, move the
 * coordinator, lose the connection, time the request out, or time the transaction out on the coordinator (after
 * which a v1 coordinator and leader answer as fenced). The caller may commit at any point. After the script the
 * cluster answers everything well.
 *
 * <p>Every walk must end: the record's future settles, and the transaction reaches READY (committed or aborted) or
 * FATAL_ERROR. Whenever nothing is in flight the sender must have set itself a bounded wake-up (no sleep past the
 * delivery timeout with work left) and must not spin (no run of zero-timeout steps that sends nothing).
 */
class TransactionV1InterleavingsTest {
    /** How many moves of the cluster each walk scripts; every sequence of this length is walked. */
    private static final int DEPTH = 4;

    private static final int REQUEST_TIMEOUT_MS = 30_000;

    /** Held strongly while the walks run: thousands of walks would otherwise log every abort and fencing. */
    private static final Logger PRODUCER_LOG = Logger.getLogger("io.sluice.producer");

    private static Level levelBefore;

    @BeforeAll
    static void quiet() {
        levelBefore = PRODUCER_LOG.getLevel();
        PRODUCER_LOG.setLevel(Level.OFF);
    }

    @AfterAll
    static void restore() {
        PRODUCER_LOG.setLevel(levelBefore);
    }

    /** What the cluster does with the oldest request in flight, or the caller does, at one decision. */
    enum Move {
        /** Answer as a healthy cluster would. */
        ANSWER,
        /** Leave the request unanswered while time passes (past any backoff). */
        LATE,
        /** A retriable refusal: CONCURRENT_TRANSACTIONS (coordinator), NOT_ENOUGH_REPLICAS (verification). */
        BUSY,
        /** The coordinator or leader moved: NOT_COORDINATOR, NOT_LEADER_OR_FOLLOWER. */
        MOVED,
        /** The connection of the request broke. */
        DISCONNECT,
        /** The request got no answer within {@code request.timeout.ms}. */
        REQUEST_TIMEOUT,
        /** The coordinator timed the transaction out: from now on the epoch is fenced (v1). */
        TXN_TIMEOUT,
        /** The caller calls {@code commitTransaction()} (if the transaction is open). */
        COMMIT
    }

    @Test
    void everyWalkOfAV1TransactionsFirstSendEnds() {
        walkAll(DEPTH, false);
    }

    /** A second partition's first record arrives after the cluster's first move, while the first is being added. */
    @Test
    void everyWalkWithASecondPartitionJoiningMidwayEnds() {
        walkAll(DEPTH - 1, true);
    }

    /** Runs every script of {@code depth} moves; a failing walk names its script and what happened in it. */
    private static void walkAll(int depth, boolean secondPartition) {
        List<List<Move>> scripts = new ArrayList<>();
        enumerate(new ArrayList<>(), depth, scripts);
        for (List<Move> script : scripts) {
            new Walk(script, secondPartition).run();
        }
        assertThat(scripts).hasSize((int) Math.pow(Move.values().length, depth));
    }

    private static void enumerate(List<Move> prefix, int depth, List<List<Move>> out) {
        if (prefix.size() == depth) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (Move m : Move.values()) {
            prefix.add(m);
            enumerate(prefix, depth, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    /** One walk: a fresh producer over a fresh scripted network. */
    private static final class Walk extends TransactionScript {
        private final List<Move> script;
        private final boolean secondPartition;
        private CompletableFuture<RecordMetadata> b;
        private int nextMove;
        private boolean fenced;
        private boolean commitCalled;
        private boolean abortCalled;
        private int coordinator = 1;
        private short epoch;
        private final List<String> trace = new ArrayList<>();

        Walk(List<Move> script, boolean secondPartition) {
            this.script = script;
            this.secondPartition = secondPartition;
            this.deliveryTimeoutMs = 20_000;
        }

        void run() {
            startInitialized(1);
            txn.beginTransaction();
            long begunMs = now();
            CompletableFuture<RecordMetadata> a = append(0, "a");
            step();
            // Enough for the record's delivery timeout, a commit or abort, and every backoff and request timeout of
            // the script on top; a walk that needs longer is stuck.
            long deadline = begunMs + deliveryTimeoutMs + (DEPTH + 4L) * (REQUEST_TIMEOUT_MS + BACKOFF_MAX);
            int idleSteps = 0;
            while (!finished(a)) {
                assertThat(now())
                        .as("the walk ends in bounded time; %s %s", script, trace)
                        .isLessThan(deadline);
                int sentBefore = network.sent().size();
                if (callerActs(a)) {
                    step(); // a call wakes the I/O thread
                    continue;
                }
                if (!network.inFlight().isEmpty()) {
                    act(network.inFlight().get(0));
                    if (secondPartition && b == null && txn.state() == TxnState.IN_TRANSACTION) {
                        trace.add("append b");
                        b = append(1, "b");
                    }
                    step();
                    idleSteps = 0;
                    continue;
                }
                if (nextMove < script.size() && script.get(nextMove) == Move.COMMIT) {
                    commit();
                    nextMove++;
                    step();
                    continue;
                }
                long timeout = network.lastPollTimeoutMs;
                assertThat(timeout)
                        .as("nothing in flight, so the sender must wake by itself in time; %s %s", script, trace)
                        .isLessThanOrEqualTo(deliveryTimeoutMs);
                if (timeout == 0 && network.sent().size() == sentBefore) {
                    assertThat(++idleSteps)
                            .as("no busy loop; %s %s", script, trace)
                            .isLessThan(100);
                } else {
                    idleSteps = 0;
                }
                clock.advance(timeout);
                step();
            }
            assertThat(a).isDone();
            assertThat(b == null || b.isDone())
                    .as("the second record settled; %s", trace)
                    .isTrue();
            assertThat(txn.state()).isIn(TxnState.READY, TxnState.FATAL_ERROR);
        }

        /** The caller's side: commits when told, aborts an abortable transaction, collects finished calls. */
        private boolean callerActs(CompletableFuture<RecordMetadata> a) {
            TxnState s = txn.state();
            if (s == TxnState.ABORTABLE_ERROR && !abortCalled) {
                abortCalled = true;
                trace.add("abort");
                expectTimeoutOrOutcome(() -> txn.abortTransaction(0));
                return true;
            }
            if (s == TxnState.IN_TRANSACTION && a.isDone() && !a.isCompletedExceptionally()) {
                return commit();
            }
            return false;
        }

        private boolean commit() {
            if (txn.state() != TxnState.IN_TRANSACTION || commitCalled) {
                return false;
            }
            commitCalled = true;
            trace.add("commit");
            expectTimeoutOrOutcome(() -> txn.commitTransaction(0));
            return true;
        }

        private static void expectTimeoutOrOutcome(Runnable call) {
            try {
                call.run();
            } catch (SluiceApiException expected) {
                // Timed out (max.block.ms=0) and left pending, or failed with the transaction's error: both fine.
            }
        }

        private boolean finished(CompletableFuture<RecordMetadata> a) {
            TxnState s = txn.state();
            return a.isDone()
                    && (b == null || b.isDone())
                    && (s == TxnState.READY || s == TxnState.FATAL_ERROR)
                    && network.inFlight().isEmpty();
        }

        /** The cluster's turn: the next scripted move, or a healthy answer once the script is spent. */
        private void act(ScriptedNetwork.Sent s) {
            Move move = Move.ANSWER;
            if (nextMove < script.size()) {
                move = script.get(nextMove++);
            }
            ApiKey api = s.request().apiKey();
            trace.add(api + ":" + move);
            switch (move) {
                case ANSWER, COMMIT -> {
                    if (move == Move.COMMIT) {
                        commit();
                    }
                    answer(s, null);
                }
                case LATE -> clock.advance(BACKOFF_MAX * 2);
                case BUSY -> answer(s, api == ApiKey.PRODUCE ? Errors.NOT_ENOUGH_REPLICAS : busyError(api));
                case MOVED -> {
                    if (api != ApiKey.PRODUCE && api != ApiKey.METADATA) {
                        coordinator = 3 - coordinator;
                    }
                    answer(s, movedError(api));
                }
                case DISCONNECT -> {
                    network.breakConnection(s.nodeId(), now());
                    network.reachable(s.nodeId());
                    clock.advance(BACKOFF);
                }
                case REQUEST_TIMEOUT -> {
                    clock.advance(REQUEST_TIMEOUT_MS);
                    fail(s, new RequestTimeoutException(api + " got no response"));
                }
                case TXN_TIMEOUT -> {
                    fenced = true;
                    answer(s, null);
                }
            }
        }

        private void fail(ScriptedNetwork.Sent s, IOException cause) {
            network.fail(s, cause, now());
        }

        private static Errors busyError(ApiKey api) {
            return api == ApiKey.FIND_COORDINATOR || api == ApiKey.METADATA
                    ? Errors.COORDINATOR_NOT_AVAILABLE
                    : Errors.CONCURRENT_TRANSACTIONS;
        }

        private static Errors movedError(ApiKey api) {
            return switch (api) {
                case PRODUCE, METADATA -> Errors.NOT_LEADER_OR_FOLLOWER;
                case FIND_COORDINATOR -> Errors.COORDINATOR_NOT_AVAILABLE;
                default -> Errors.NOT_COORDINATOR;
            };
        }

        /** Answers as a v1 cluster would: {@code error}, or, with null, success unless the epoch is fenced. */
        private void answer(ScriptedNetwork.Sent s, Errors error) {
            ApiKey api = s.request().apiKey();
            if (api == ApiKey.METADATA) {
                network.respond(s, ScriptedAnswers.twoBrokerMetadata(TOPIC), now());
                return;
            }
            if (api == ApiKey.FIND_COORDINATOR) {
                answerFindCoordinator(coordinator, error == null ? Errors.NONE : error);
                return;
            }
            if (error == null) {
                error = fenced ? fencedError(api) : Errors.NONE;
            }
            switch (api) {
                case ADD_PARTITIONS_TO_TXN -> answerAddPartitions(error);
                case PRODUCE ->
                    network.respond(s, ScriptedAnswers.produceResponse(TOPIC, s.nodeId() - 1, error, 10), now());
                case END_TXN -> answerEndTxn(error, -1, -1);
                case INIT_PRODUCER_ID -> {
                    if (error == Errors.NONE) {
                        epoch++;
                    }
                    answerInit(error, 7, epoch);
                }
                default -> throw new AssertionError("unexpected " + api + " in a v1 transaction");
            }
        }

        /**
         * A v1 cluster after the coordinator timed the transaction out: the leader refuses the old epoch, the
         * coordinator fences it (as {@code TransactionTimeoutOnBrokerTest} sees on a real broker).
         */
        private static Errors fencedError(ApiKey api) {
            return api == ApiKey.PRODUCE ? Errors.INVALID_PRODUCER_EPOCH : Errors.PRODUCER_FENCED;
        }
    }
}
