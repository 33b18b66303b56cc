package io.sluice.producer.internal.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.ProducerFencedException;
import io.sluice.producer.errors.SluiceApiException;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.errors.TransactionAbortableException;
import io.sluice.producer.errors.TransactionAbortedException;
import io.sluice.producer.errors.TransactionFatalException;
import io.sluice.producer.internal.net.RequestTimeoutException;
import io.sluice.producer.internal.net.ScriptedNetwork;
import io.sluice.producer.internal.txn.TxnState;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.EndTxnRequest;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transactions v1: a partition's batches wait behind AddPartitionsToTxn. Whatever happens to that request (an error
 * answer, a lost or silent coordinator, an abort while it is out, the coordinator never found), the held batch ends:
 * it is sent once the partition is added, or fails with the transaction's error, and never waits past
 * {@code delivery.timeout.ms}.
 */
class TransactionAddPartitionsTest extends TransactionScript {

    /** Begins a v1 transaction with one record for partition 0 and steps until AddPartitionsToTxn is out. */
    private CompletableFuture<RecordMetadata> heldBehindAddPartitions() {
        startInitialized(1);
        txn.beginTransaction();
        CompletableFuture<RecordMetadata> a = append(0, "a");
        step();
        step();
        assertThat(network.hasInFlight(ApiKey.ADD_PARTITIONS_TO_TXN)).isTrue();
        assertThat(network.hasInFlight(ApiKey.PRODUCE)).as("held until added").isFalse();
        return a;
    }

    /**
     * Aborts, answers EndTxn if one is sent, and expects the producer READY again. An abort that needs nothing from
     * the coordinator ends on the next step, even while an AddPartitionsToTxn it dropped was backing off.
     */
    private void abortAndExpectReady(boolean endTxnExpected) {
        assertThatThrownBy(() -> txn.abortTransaction(0)).isInstanceOf(TimeoutException.class);
        if (endTxnExpected) {
            clock.advance(BACKOFF_MAX * 2); // past any retry backoff (with jitter) the last answer may have started
        }
        step();
        if (endTxnExpected) {
            assertThat(((EndTxnRequest) answerEndTxn(Errors.NONE, -1, -1).request()).committed())
                    .isFalse();
            step();
        } else {
            assertThat(network.hasInFlight(ApiKey.END_TXN))
                    .as("nothing reached the coordinator")
                    .isFalse();
        }
        txn.abortTransaction(0);
        assertThat(txn.state()).isEqualTo(TxnState.READY);
    }

    @ParameterizedTest
    @EnumSource(
            value = Errors.class,
            names = {"PRODUCER_FENCED", "INVALID_PRODUCER_EPOCH"})
    void aFencedAddPartitionsFailsTheHeldBatchAndTheProducer(Errors error) {
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        answerAddPartitions(error);
        step();
        assertThat(txn.state()).isEqualTo(TxnState.FATAL_ERROR);
        assertThat(cause(a)).isInstanceOf(ProducerFencedException.class);
        assertThat(count(ApiKey.PRODUCE)).isZero();
        assertThatThrownBy(() -> txn.abortTransaction(0)).isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void anInvalidTxnStateAnswerFailsTheHeldBatchAndTheProducer() {
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        answerAddPartitions(Errors.INVALID_TXN_STATE);
        step();
        assertThat(txn.state()).isEqualTo(TxnState.FATAL_ERROR);
        assertThat(cause(a))
                .isInstanceOf(SluiceApiException.class)
                .extracting(e -> ((SluiceApiException) e).errorName())
                .isEqualTo("INVALID_TXN_STATE");
        assertThatThrownBy(() -> txn.commitTransaction(0)).isInstanceOf(TransactionFatalException.class);
    }

    @ParameterizedTest
    @EnumSource(
            value = Errors.class,
            names = {"TRANSACTION_ABORTABLE", "TOPIC_AUTHORIZATION_FAILED"})
    void anAbortableAddPartitionsFailsTheHeldBatchWithItsErrorAndTheAbortGoesOn(Errors error) {
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        answerAddPartitions(error);
        step();
        assertThat(txn.state()).isEqualTo(TxnState.ABORTABLE_ERROR);
        assertThat(cause(a))
                .as("the held batch fails with the error that ended the transaction")
                .isInstanceOf(TransactionAbortableException.class)
                .hasMessageContaining(error.name());
        assertThatThrownBy(() -> txn.commitTransaction(0))
                .isInstanceOf(TransactionAbortableException.class)
                .hasMessageContaining(error.name());
        abortAndExpectReady(false);
        assertThat(count(ApiKey.PRODUCE)).isZero();
    }

    @Test
    void aHeldBatchExpiresAtDeliveryTimeoutWhileTheCoordinatorKeepsAnsweringConcurrentTransactions() {
        deliveryTimeoutMs = 5_000;
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        long deadline = now() + deliveryTimeoutMs;
        while (now() < deadline + BACKOFF_MAX) {
            if (network.hasInFlight(ApiKey.ADD_PARTITIONS_TO_TXN)) {
                answerAddPartitions(Errors.CONCURRENT_TRANSACTIONS);
            }
            step();
            if (a.isDone()) {
                break;
            }
            clock.advance(BACKOFF);
        }
        assertThat(a).as("failed by delivery.timeout.ms").isCompletedExceptionally();
        assertThat(cause(a)).isInstanceOf(TimeoutException.class).hasMessageContaining("delivery.timeout.ms");
        assertThat(now()).isLessThanOrEqualTo(deadline + BACKOFF);
        assertThat(txn.state()).isEqualTo(TxnState.ABORTABLE_ERROR);
        assertThat(count(ApiKey.PRODUCE)).isZero();
        if (network.hasInFlight(ApiKey.ADD_PARTITIONS_TO_TXN)) {
            answerAddPartitions(Errors.CONCURRENT_TRANSACTIONS);
        }
        abortAndExpectReady(false);
    }

    @Test
    void aCommitWaitingForAnAddPartitionsThatNeverSucceedsFailsAtDeliveryTimeout() {
        deliveryTimeoutMs = 5_000;
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        long deadline = now() + deliveryTimeoutMs;
        assertThatThrownBy(() -> txn.commitTransaction(0)).isInstanceOf(TimeoutException.class);
        while (!a.isDone() && now() < deadline + BACKOFF_MAX) {
            if (network.hasInFlight(ApiKey.ADD_PARTITIONS_TO_TXN)) {
                answerAddPartitions(Errors.COORDINATOR_LOAD_IN_PROGRESS);
            }
            clock.advance(BACKOFF);
            step();
        }
        assertThat(cause(a)).isInstanceOf(TimeoutException.class);
        assertThat(now()).isLessThanOrEqualTo(deadline + BACKOFF);
        assertThatThrownBy(() -> txn.commitTransaction(0))
                .isInstanceOf(TransactionAbortableException.class)
                .hasRootCauseInstanceOf(TimeoutException.class);
        assertThat(network.hasInFlight(ApiKey.END_TXN)).isFalse();
        if (network.hasInFlight(ApiKey.ADD_PARTITIONS_TO_TXN)) {
            answerAddPartitions(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        }
        abortAndExpectReady(false);
    }

    @Test
    void aHeldBatchExpiresAtDeliveryTimeoutWhenNoCoordinatorIsEverFound() {
        deliveryTimeoutMs = 5_000;
        startInitialized(1);
        txn.beginTransaction();
        CompletableFuture<RecordMetadata> a = append(0, "a");
        long deadline = now() + deliveryTimeoutMs;
        step();
        step();
        while (now() < deadline + BACKOFF_MAX && !a.isDone()) {
            if (network.hasInFlight(ApiKey.FIND_COORDINATOR)) {
                answerFindCoordinator(1, Errors.COORDINATOR_NOT_AVAILABLE);
            }
            if (network.hasInFlight(ApiKey.ADD_PARTITIONS_TO_TXN)) {
                answerAddPartitions(Errors.NOT_COORDINATOR);
            }
            step();
            clock.advance(BACKOFF);
        }
        assertThat(cause(a)).isInstanceOf(TimeoutException.class);
        assertThat(now()).isLessThanOrEqualTo(deadline + 2 * BACKOFF);
        assertThat(txn.state()).isEqualTo(TxnState.ABORTABLE_ERROR);
    }

    @ParameterizedTest
    @EnumSource(
            value = Errors.class,
            names = {"NOT_ENOUGH_REPLICAS", "CONCURRENT_TRANSACTIONS"})
    void aFirstProduceTheLeaderKeepsRefusingFailsAtDeliveryTimeout(Errors refusal) {
        deliveryTimeoutMs = 5_000;
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        long deadline = now() + deliveryTimeoutMs;
        answerAddPartitions(Errors.NONE);
        step();
        while (!a.isDone() && now() < deadline + BACKOFF_MAX) {
            if (network.hasInFlight(ApiKey.PRODUCE)) {
                answerProduce(0, refusal);
            }
            clock.advance(BACKOFF);
            step();
        }
        assertThat(cause(a)).isInstanceOf(TimeoutException.class).hasMessageContaining(refusal.name());
        assertThat(now()).isLessThanOrEqualTo(deadline + BACKOFF);
        assertThat(txn.state()).isEqualTo(TxnState.ABORTABLE_ERROR);
    }

    @Test
    void anAbortableAnswerToAnAddPartitionsSentBeforeTheTransactionBrokeKeepsItAbortable() {
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        answerAddPartitions(Errors.NONE);
        step();
        CompletableFuture<RecordMetadata> b = append(1, "b");
        step();
        step();
        assertThat(network.hasInFlight(ApiKey.ADD_PARTITIONS_TO_TXN)).isTrue();
        answerProduce(0, Errors.INVALID_PRODUCER_EPOCH);
        assertThat(txn.state()).isEqualTo(TxnState.ABORTABLE_ERROR);
        answerAddPartitions(Errors.TRANSACTION_ABORTABLE);
        step();
        assertThat(txn.state())
                .as("the transaction was broken already; the late answer changes nothing")
                .isEqualTo(TxnState.ABORTABLE_ERROR);
        assertThat(a).isCompletedExceptionally();
        assertThat(cause(b)).isInstanceOf(TransactionAbortableException.class);
        abortWithEpochBump();
    }

    @Test
    void aLostCoordinatorConnectionDuringAddPartitionsFindsItAgainAndTheBatchGoes() {
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        network.breakConnection(1, now());
        network.reachable(1);
        clock.advance(BACKOFF * 2);
        step();
        answerFindCoordinator(2, Errors.NONE);
        step();
        ScriptedNetwork.Sent add = network.next(ApiKey.ADD_PARTITIONS_TO_TXN);
        assertThat(add.nodeId()).isEqualTo(2);
        answerAddPartitions(Errors.NONE);
        step();
        answerProduce(0, Errors.NONE);
        assertThat(a).isCompleted();
        assertThat(txn.state()).isEqualTo(TxnState.IN_TRANSACTION);
    }

    @Test
    void anUnansweredAddPartitionsIsSentAgainAfterTheRequestTimeout() {
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        ScriptedNetwork.Sent first = network.next(ApiKey.ADD_PARTITIONS_TO_TXN);
        network.fail(first, new RequestTimeoutException("AddPartitionsToTxn got no response"), now());
        clock.advance(BACKOFF * 2);
        step();
        answerFindCoordinator(1, Errors.NONE);
        step();
        answerAddPartitions(Errors.NONE);
        step();
        answerProduce(0, Errors.NONE);
        assertThat(a).isCompleted();
    }

    @Test
    void aMovedCoordinatorIsFoundAgainAndTheBatchGoes() {
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        answerAddPartitions(Errors.NOT_COORDINATOR);
        clock.advance(BACKOFF * 2);
        step();
        answerFindCoordinator(2, Errors.NONE);
        step();
        assertThat(network.next(ApiKey.ADD_PARTITIONS_TO_TXN).nodeId()).isEqualTo(2);
        answerAddPartitions(Errors.NONE);
        step();
        answerProduce(0, Errors.NONE);
        assertThat(a).isCompleted();
    }

    @Test
    void whileAddPartitionsBacksOffTheSenderSleepsUntilTheRetry() {
        heldBehindAddPartitions();
        answerAddPartitions(Errors.CONCURRENT_TRANSACTIONS);
        step();
        assertThat(network.lastPollTimeoutMs)
                .as("nothing to do before the retry: no busy loop")
                .isGreaterThan(0)
                .isLessThanOrEqualTo(BACKOFF * 2);
    }

    @ParameterizedTest
    @EnumSource(
            value = Errors.class,
            names = {"TRANSACTION_ABORTABLE", "PRODUCER_FENCED"})
    void aTransactionWaitingForItsAbortOrCloseLeavesTheSenderIdle(Errors error) {
        heldBehindAddPartitions();
        answerAddPartitions(error);
        for (int i = 0; i < 3; i++) {
            clock.advance(BACKOFF_MAX);
            step();
            assertThat(network.lastPollTimeoutMs)
                    .as("the partition that was never added gives the I/O thread nothing to do")
                    .isGreaterThan(0);
        }
    }

    @Test
    void whileAddPartitionsIsOutTheSenderWakesForTheHeldBatchsDeliveryTimeout() {
        deliveryTimeoutMs = 5_000;
        heldBehindAddPartitions();
        step();
        assertThat(network.lastPollTimeoutMs)
                .as("the held batch's delivery deadline bounds the wait")
                .isLessThanOrEqualTo(deliveryTimeoutMs);
    }

    @ParameterizedTest
    @EnumSource(
            value = Errors.class,
            names = {"NONE", "CONCURRENT_TRANSACTIONS", "TRANSACTION_ABORTABLE", "NOT_COORDINATOR"})
    void anAbortWhileAddPartitionsIsOutFailsTheHeldBatchAndEndsWhateverTheAnswer(Errors answer) {
        CompletableFuture<RecordMetadata> a = heldBehindAddPartitions();
        assertThatThrownBy(() -> txn.abortTransaction(0)).isInstanceOf(TimeoutException.class);
        step();
        assertThat(cause(a)).isInstanceOf(TransactionAbortedException.class);
        answerAddPartitions(answer);
        clock.advance(BACKOFF_MAX);
        step();
        if (answer == Errors.NONE) {
            answerEndTxn(Errors.NONE, -1, -1);
            step();
        }
        assertThat(network.hasInFlight(ApiKey.END_TXN)).isFalse();
        txn.abortTransaction(0);
        assertThat(txn.state())
                .as("an answer that arrives after the abort began does not outlive it")
                .isEqualTo(TxnState.READY);
        assertThat(count(ApiKey.PRODUCE)).isZero();
    }
}
