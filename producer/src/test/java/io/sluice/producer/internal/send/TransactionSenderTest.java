package io.sluice.producer.internal.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.ConsumerGroupMetadata;
import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.RecordMetadata;
import io.sluice.producer.TopicPartition;
import io.sluice.producer.errors.IllegalTransactionStateException;
import io.sluice.producer.errors.InvalidProducerEpochException;
import io.sluice.producer.errors.ProducerFencedException;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.errors.TransactionAbortableException;
import io.sluice.producer.errors.TransactionalIdAuthorizationException;
import io.sluice.producer.internal.net.ScriptedNetwork;
import io.sluice.producer.internal.txn.TxnState;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.AddOffsetsToTxnRequest;
import io.sluice.protocol.message.AddPartitionsToTxnRequest;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.EndTxnRequest;
import io.sluice.protocol.message.InitProducerIdRequest;
import io.sluice.protocol.message.ProduceRequest;
import io.sluice.protocol.message.TxnOffsetCommitRequest;
import io.sluice.protocol.record.DecodedBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.junit.jupiter.api.Test;

/**
 * The transactional sender driven step by step over a scripted network and a manual clock. User calls run with
 * {@code max.block.ms=0}: each times out at once and leaves its operation pending, the test steps the I/O side and
 * answers, and repeating the call picks up the outcome, which is the timeout-then-retry behaviour itself.
 */
class TransactionSenderTest extends TransactionScript {
    @Test
    void retriableCoordinatorErrorsAreRetriedWithGrowingBackoffAndTheCallResumes() {
        start(1);
        assertThatThrownBy(() -> txn.initTransactions(0))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("initTransactions() again");
        step();
        answerFindCoordinator(1, Errors.COORDINATOR_NOT_AVAILABLE);
        step();
        assertThat(network.hasInFlight(ApiKey.FIND_COORDINATOR))
                .as("backing off")
                .isFalse();
        clock.advance(79);
        step();
        assertThat(network.hasInFlight(ApiKey.FIND_COORDINATOR)).isFalse();
        clock.advance(42);
        step();
        answerFindCoordinator(1, Errors.NONE);
        step();
        InitProducerIdRequest first = answerInit(Errors.COORDINATOR_LOAD_IN_PROGRESS, -1, -1);
        assertThat(first.transactionalId()).isEqualTo(TXN_ID);
        assertThat(first.transactionTimeoutMs()).isEqualTo(60_000);
        step();
        clock.advance(121);
        step();
        assertThat(network.hasInFlight(ApiKey.INIT_PRODUCER_ID))
                .as("the backoff restarted at retry.backoff.ms after a success")
                .isTrue();
        answerInit(Errors.CONCURRENT_TRANSACTIONS, -1, -1);
        clock.advance(159);
        step();
        assertThat(network.hasInFlight(ApiKey.INIT_PRODUCER_ID))
                .as("the second failure in a row waits about twice as long")
                .isFalse();
        clock.advance(82);
        step();
        answerInit(Errors.NOT_COORDINATOR, -1, -1);
        clock.advance(1000);
        step();
        answerFindCoordinator(2, Errors.NONE);
        step();
        ScriptedNetwork.Sent init = network.next(ApiKey.INIT_PRODUCER_ID);
        assertThat(init.nodeId()).as("sent to the rediscovered coordinator").isEqualTo(2);
        answerInit(Errors.NONE, 7, 0);

        txn.initTransactions(0);
        assertThat(txn.state()).isEqualTo(TxnState.READY);
        assertThat(ids.producerId()).isEqualTo(7);
        assertThatThrownBy(() -> txn.initTransactions(0)).isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void v1AddsNewPartitionsInOneRequestBeforeTheirFirstBatchAndCommits() {
        startInitialized(1);
        txn.beginTransaction();
        CompletableFuture<RecordMetadata> a = append(0, "a");
        CompletableFuture<RecordMetadata> b = append(1, "b");
        step();
        assertThat(network.hasInFlight(ApiKey.PRODUCE)).as("held until added").isFalse();
        step();
        AddPartitionsToTxnRequest add = answerAddPartitions(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(add.topics()).hasSize(1);
        assertThat(add.topics().get(0).partitions()).containsExactlyInAnyOrder(0, 1);
        assertThat(add.producerId()).isEqualTo(7);
        step();
        assertThat(network.hasInFlight(ApiKey.PRODUCE)).isFalse();
        clock.advance(BACKOFF * 2);
        step();
        answerAddPartitions(Errors.NONE);
        step();
        ScriptedNetwork.Sent produce = network.next(ApiKey.PRODUCE);
        assertThat(produce.version())
                .as("transactions v1 stay below Produce v12")
                .isEqualTo((short) 11);
        assertThat(((ProduceRequest) produce.request()).transactionalId()).isEqualTo(TXN_ID);
        assertThat(batchOf(produce).isTransactional()).isTrue();

        assertThatThrownBy(() -> txn.commitTransaction(0)).isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> txn.beginTransaction())
                .isInstanceOf(IllegalTransactionStateException.class)
                .hasMessageContaining("commitTransaction() again");
        step();
        assertThat(network.hasInFlight(ApiKey.END_TXN))
                .as("not before the batches are answered")
                .isFalse();
        answerProduce(0, Errors.NONE);
        answerProduce(1, Errors.NONE);
        step();
        ScriptedNetwork.Sent end = answerEndTxn(Errors.NONE, -1, -1);
        assertThat(end.version()).isEqualTo((short) 4);
        assertThat(((EndTxnRequest) end.request()).committed()).isTrue();
        txn.commitTransaction(0);
        assertThat(a).isCompleted();
        assertThat(b).isCompleted();
        assertThat(txn.state()).isEqualTo(TxnState.READY);

        txn.beginTransaction();
        append(0, "c");
        step();
        step();
        assertThat(network.hasInFlight(ApiKey.ADD_PARTITIONS_TO_TXN))
                .as("every transaction adds its partitions anew")
                .isTrue();
    }

    @Test
    void v2SendsNoAddPartitionsAndAdoptsTheIdentityEndTxnReturns() {
        startInitialized(2);
        txn.beginTransaction();
        append(0, "a");
        step();
        ScriptedNetwork.Sent produce = network.next(ApiKey.PRODUCE);
        assertThat(produce.version()).isEqualTo((short) 12);
        assertThat(batchOf(produce).producerEpoch()).isEqualTo((short) 0);
        answerProduce(0, Errors.NONE);
        assertThatThrownBy(() -> txn.commitTransaction(0)).isInstanceOf(TimeoutException.class);
        step();
        ScriptedNetwork.Sent end = answerEndTxn(Errors.NONE, 8, 0);
        assertThat(end.version()).isEqualTo((short) 5);
        txn.commitTransaction(0);
        assertThat(count(ApiKey.ADD_PARTITIONS_TO_TXN)).isZero();
        assertThat(ids.producerId()).isEqualTo(8);

        txn.beginTransaction();
        append(0, "b");
        step();
        DecodedBatch next = batchOf(network.next(ApiKey.PRODUCE));
        assertThat(next.producerId()).isEqualTo(8);
        assertThat(next.baseSequence())
                .as("sequences restart under the new identity")
                .isZero();
    }

    @Test
    void v2OffsetsGoStraightToTheGroupCoordinatorAndV1AddsThemFirst() {
        for (int version = 1; version <= 2; version++) {
            network.sent().clear();
            startInitialized(version);
            txn.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(42));
            ConsumerGroupMetadata group = new ConsumerGroupMetadata("g", 3, "member-1", java.util.Optional.empty());
            assertThatThrownBy(() -> txn.sendOffsetsToTransaction(offsets, group, 0))
                    .isInstanceOf(TimeoutException.class);
            step();
            if (version == 1) {
                ScriptedNetwork.Sent add = network.next(ApiKey.ADD_OFFSETS_TO_TXN);
                assertThat(((AddOffsetsToTxnRequest) add.request()).groupId()).isEqualTo("g");
                network.respond(add, new AddOffsetsToTxnResponseData(), now());
                step();
            }
            answerFindCoordinator(2, Errors.NONE);
            step();
            ScriptedNetwork.Sent commit = network.next(ApiKey.TXN_OFFSET_COMMIT);
            assertThat(commit.nodeId()).isEqualTo(2);
            assertThat(commit.version()).isEqualTo((short) (version == 1 ? 4 : 5));
            TxnOffsetCommitRequest r = (TxnOffsetCommitRequest) commit.request();
            assertThat(r.generationId()).isEqualTo(3);
            assertThat(r.memberId()).isEqualTo("member-1");
            assertThat(r.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(42);
            TxnOffsetCommitResponseData answer = new TxnOffsetCommitResponseData();
            answer.topics()
                    .add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                            .setName("in")
                            .setPartitions(List.of(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                                    .setPartitionIndex(0))));
            network.respond(commit, answer, now());
            txn.sendOffsetsToTransaction(offsets, group, 0);
            assertThat(count(ApiKey.ADD_OFFSETS_TO_TXN)).isEqualTo(version == 1 ? 1 : 0);
        }
    }

    private void answerOffsetCommit(Errors error) {
        ScriptedNetwork.Sent commit = network.next(ApiKey.TXN_OFFSET_COMMIT);
        TxnOffsetCommitResponseData answer = new TxnOffsetCommitResponseData();
        answer.topics()
                .add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                        .setName("in")
                        .setPartitions(List.of(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                                .setPartitionIndex(0)
                                .setErrorCode(error.code()))));
        network.respond(commit, answer, now());
    }

    @Test
    void aMovedGroupCoordinatorIsFoundAgainAndARefusedMemberMakesTheTransactionAbortable() {
        startInitialized(2);
        txn.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(5));
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("g");
        assertThatThrownBy(() -> txn.sendOffsetsToTransaction(offsets, group, 0))
                .isInstanceOf(TimeoutException.class);
        step();
        answerFindCoordinator(1, Errors.NONE);
        step();
        answerOffsetCommit(Errors.NOT_COORDINATOR);
        clock.advance(BACKOFF * 2);
        step();
        answerFindCoordinator(2, Errors.NONE);
        step();
        assertThat(network.next(ApiKey.TXN_OFFSET_COMMIT).nodeId()).isEqualTo(2);
        answerOffsetCommit(Errors.UNKNOWN_MEMBER_ID);
        assertThatThrownBy(() -> txn.sendOffsetsToTransaction(offsets, group, 0))
                .isInstanceOf(TransactionAbortableException.class)
                .hasMessageContaining("UNKNOWN_MEMBER_ID");
        assertThat(txn.state()).isEqualTo(TxnState.ABORTABLE_ERROR);
        assertThatThrownBy(() -> txn.abortTransaction(0)).isInstanceOf(TimeoutException.class);
        step();
        answerEndTxn(Errors.NONE, 7, 1);
        step();
        txn.abortTransaction(0);
        assertThat(txn.state()).isEqualTo(TxnState.READY);
    }

    @Test
    void aSequenceErrorMakesTheTransactionAbortableAndTheAbortBumpsTheEpoch() {
        startInitialized(1);
        txn.beginTransaction();
        CompletableFuture<RecordMetadata> a = append(0, "a");
        step();
        step();
        answerAddPartitions(Errors.NONE);
        step();
        answerProduce(0, Errors.UNKNOWN_PRODUCER_ID);
        step();
        step();
        assertThat(txn.state()).isEqualTo(TxnState.ABORTABLE_ERROR);
        assertThat(a).as("failed as soon as the transaction became abortable").isCompletedExceptionally();
        assertThatThrownBy(() -> txn.commitTransaction(0)).isInstanceOf(TransactionAbortableException.class);
        assertThatThrownBy(() -> txn.beginTransaction()).isInstanceOf(TransactionAbortableException.class);
        assertThat(cause(a))
                .as("a queued batch fails with the error that ended its transaction")
                .isInstanceOf(TransactionAbortableException.class)
                .hasMessageContaining("sequence numbers broke");

        assertThatThrownBy(() -> txn.abortTransaction(0)).isInstanceOf(TimeoutException.class);
        step();
        assertThat(((EndTxnRequest) answerEndTxn(Errors.NONE, -1, -1).request()).committed())
                .isFalse();
        step();
        InitProducerIdRequest bump = answerInit(Errors.NONE, 7, 1);
        assertThat(bump.producerId()).as("the bump names the current identity").isEqualTo(7);
        assertThat(bump.producerEpoch()).isEqualTo((short) 0);
        step();
        txn.abortTransaction(0);
        assertThat(txn.state()).isEqualTo(TxnState.READY);

        txn.beginTransaction();
        append(0, "b");
        step();
        step();
        answerAddPartitions(Errors.NONE);
        step();
        DecodedBatch next = batchOf(network.next(ApiKey.PRODUCE));
        assertThat(next.producerEpoch()).isEqualTo((short) 1);
        assertThat(next.baseSequence()).isZero();
    }

    @Test
    void aStaleEpochOnProduceIsAbortableAndTheAbortEndsWithAnEpochBump() {
        startInitialized(1);
        txn.beginTransaction();
        CompletableFuture<RecordMetadata> a = append(0, "a");
        step();
        step();
        answerAddPartitions(Errors.NONE);
        step();
        answerProduce(0, Errors.INVALID_PRODUCER_EPOCH);
        assertThat(cause(a)).isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> txn.commitTransaction(0))
                .isInstanceOf(TransactionAbortableException.class)
                .hasCauseInstanceOf(TransactionAbortableException.class)
                .hasRootCauseInstanceOf(InvalidProducerEpochException.class);
        abortWithEpochBump();
    }

    @Test
    void fencingOnEndTxnIsFatalForEveryLaterCall() {
        startInitialized(1);
        txn.beginTransaction();
        assertThatThrownBy(() -> txn.commitTransaction(0)).isInstanceOf(TimeoutException.class);
        step();
        assertThat(txn.state())
                .as("an empty transaction commits without a request")
                .isEqualTo(TxnState.READY);
        txn.commitTransaction(0);

        txn.beginTransaction();
        append(0, "a");
        step();
        step();
        answerAddPartitions(Errors.NONE);
        step();
        answerProduce(0, Errors.NONE);
        assertThatThrownBy(() -> txn.commitTransaction(0)).isInstanceOf(TimeoutException.class);
        step();
        answerEndTxn(Errors.INVALID_PRODUCER_EPOCH, -1, -1);
        assertThatThrownBy(() -> txn.commitTransaction(0))
                .isInstanceOf(ProducerFencedException.class)
                .hasMessageContaining("INVALID_PRODUCER_EPOCH");
        assertThatThrownBy(() -> txn.beginTransaction()).isInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(() -> txn.abortTransaction(0)).isInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(() -> txn.checkSend()).isInstanceOf(ProducerFencedException.class);
        assertThat(txn.state()).isEqualTo(TxnState.FATAL_ERROR);
    }

    @Test
    void anUnauthorizedTransactionalIdIsFatalAtInit() {
        start(1);
        assertThatThrownBy(() -> txn.initTransactions(0)).isInstanceOf(TimeoutException.class);
        step();
        answerFindCoordinator(1, Errors.NONE);
        step();
        answerInit(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, -1, -1);
        assertThatThrownBy(() -> txn.initTransactions(0)).isInstanceOf(TransactionalIdAuthorizationException.class);
        assertThatThrownBy(() -> txn.beginTransaction()).isInstanceOf(TransactionalIdAuthorizationException.class);
    }
}
