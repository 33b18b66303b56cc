package io.sluice.producer.internal.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.ConsumerGroupMetadata;
import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.TopicPartition;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.errors.TransactionFatalException;
import io.sluice.producer.internal.net.ScriptedNetwork;
import io.sluice.producer.internal.txn.TxnState;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.TxnOffsetCommitRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.junit.jupiter.api.Test;

/**
 * {@code sendOffsetsToTransaction} with a group coordinator older than Kafka 2.5, whose TxnOffsetCommit stops at v2
 * and so cannot carry the consumer's generation and member id (KIP-447). With that metadata the transaction fails
 * as Kafka's producer fails it, fatally and naming the version, instead of committing offsets the coordinator could
 * not fence; with a group id alone the offsets commit at v2.
 */
class OffsetsOnOldBrokersTest extends TransactionScript {
    private static final Map<TopicPartition, OffsetAndMetadata> OFFSETS =
            Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(42));

    @Test
    void groupMetadataTheCoordinatorCannotTakeFailsTheTransaction() {
        network.version(ApiKey.TXN_OFFSET_COMMIT, 2);
        startInitialized(1);
        txn.beginTransaction();
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("g", 3, "member-1", Optional.empty());
        addOffsets(group);

        assertThat(network.hasInFlight(ApiKey.TXN_OFFSET_COMMIT))
                .as("nothing reaches the coordinator")
                .isFalse();
        assertThatThrownBy(() -> txn.sendOffsetsToTransaction(OFFSETS, group, 0))
                .isInstanceOf(TransactionFatalException.class)
                .hasMessageContaining("TxnOffsetCommit v2")
                .hasMessageContaining("Kafka 2.5");
        assertThat(txn.state()).isEqualTo(TxnState.FATAL_ERROR);
    }

    @Test
    void aGroupIdAloneCommitsAtV2() {
        network.version(ApiKey.TXN_OFFSET_COMMIT, 2);
        startInitialized(1);
        txn.beginTransaction();
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("g");
        addOffsets(group);

        ScriptedNetwork.Sent commit = network.next(ApiKey.TXN_OFFSET_COMMIT);
        assertThat(commit.version()).isEqualTo((short) 2);
        assertThat(((TxnOffsetCommitRequest) commit.request()).groupId()).isEqualTo("g");
        TxnOffsetCommitResponseData answer = new TxnOffsetCommitResponseData();
        answer.topics()
                .add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                        .setName("in")
                        .setPartitions(List.of(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                                .setPartitionIndex(0))));
        network.respond(commit, answer, now());
        txn.sendOffsetsToTransaction(OFFSETS, group, 0);
        assertThat(txn.state()).isEqualTo(TxnState.IN_TRANSACTION);
    }

    /** Starts sendOffsetsToTransaction and steps through AddOffsetsToTxn and finding the group's coordinator. */
    private void addOffsets(ConsumerGroupMetadata group) {
        assertThatThrownBy(() -> txn.sendOffsetsToTransaction(OFFSETS, group, 0))
                .isInstanceOf(TimeoutException.class);
        step();
        network.respond(network.next(ApiKey.ADD_OFFSETS_TO_TXN), new AddOffsetsToTxnResponseData(), now());
        step();
        answerFindCoordinator(2, Errors.NONE);
        step();
    }
}
