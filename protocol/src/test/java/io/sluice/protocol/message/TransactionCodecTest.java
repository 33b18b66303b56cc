package io.sluice.protocol.message;

import static io.sluice.protocol.message.Oracle.kafkaBytes;
import static io.sluice.protocol.message.Oracle.ourBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;

/** InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit and EndTxn against kafka-clients. */
class TransactionCodecTest {

    @Property(tries = 100)
    void initProducerIdMatchesKafka(@ForAll long seed) {
        for (short v = ApiKey.INIT_PRODUCER_ID.oldestVersion(); v <= ApiKey.INIT_PRODUCER_ID.latestVersion(); v++) {
            Gen g = new Gen(seed);
            InitProducerIdRequest ours = new InitProducerIdRequest(
                    g.nullableString(), g.int32(), v >= 3 ? g.int64() : -1, v >= 3 ? g.int16() : -1);
            InitProducerIdRequestData kafka = new InitProducerIdRequestData()
                    .setTransactionalId(ours.transactionalId())
                    .setTransactionTimeoutMs(ours.transactionTimeoutMs())
                    .setProducerId(ours.producerId())
                    .setProducerEpoch(ours.producerEpoch());
            assertThat(ourBytes(ours, v)).as("v" + v).containsExactly(kafkaBytes(kafka, v));

            InitProducerIdResponseData response = new InitProducerIdResponseData()
                    .setThrottleTimeMs(g.int32())
                    .setErrorCode(g.int16())
                    .setProducerId(g.int64())
                    .setProducerEpoch(g.int16());
            Oracle.assertReadsAndWrites(
                    kafkaBytes(response, v),
                    v,
                    InitProducerIdResponse::read,
                    new InitProducerIdResponse(
                            response.throttleTimeMs(),
                            response.errorCode(),
                            response.producerId(),
                            response.producerEpoch()));
        }
    }

    @Property(tries = 100)
    void addPartitionsToTxnMatchesKafka(@ForAll long seed) {
        for (short v = ApiKey.ADD_PARTITIONS_TO_TXN.oldestVersion();
                v <= ApiKey.ADD_PARTITIONS_TO_TXN.latestVersion();
                v++) {
            Gen g = new Gen(seed);
            List<AddPartitionsToTxnRequest.Topic> topics = new ArrayList<>();
            AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection kafkaTopics =
                    new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection();
            for (int i = g.nonNegative(4); i > 0; i--) {
                AddPartitionsToTxnRequest.Topic t = new AddPartitionsToTxnRequest.Topic(g.uniqueString(i), g.ints(4));
                topics.add(t);
                kafkaTopics.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic()
                        .setName(t.name())
                        .setPartitions(t.partitions()));
            }
            AddPartitionsToTxnRequest ours = new AddPartitionsToTxnRequest(g.string(), g.int64(), g.int16(), topics);
            AddPartitionsToTxnRequestData kafka = new AddPartitionsToTxnRequestData()
                    .setV3AndBelowTransactionalId(ours.transactionalId())
                    .setV3AndBelowProducerId(ours.producerId())
                    .setV3AndBelowProducerEpoch(ours.producerEpoch())
                    .setV3AndBelowTopics(kafkaTopics);
            assertThat(ourBytes(ours, v)).as("v" + v).containsExactly(kafkaBytes(kafka, v));

            AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection results =
                    new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection();
            List<AddPartitionsToTxnResponse.TopicResult> expected = new ArrayList<>();
            for (int i = g.nonNegative(4); i > 0; i--) {
                AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection partitions =
                        new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection();
                List<AddPartitionsToTxnResponse.PartitionResult> expectedPartitions = new ArrayList<>();
                for (int p = g.nonNegative(4); p > 0; p--) {
                    short error = g.int16();
                    partitions.add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                            .setPartitionIndex(p)
                            .setPartitionErrorCode(error));
                    expectedPartitions.add(new AddPartitionsToTxnResponse.PartitionResult(p, error));
                }
                String name = g.uniqueString(i);
                results.add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult()
                        .setName(name)
                        .setResultsByPartition(partitions));
                expected.add(new AddPartitionsToTxnResponse.TopicResult(name, expectedPartitions));
            }
            AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData()
                    .setThrottleTimeMs(g.int32())
                    .setResultsByTopicV3AndBelow(results);
            Oracle.assertReadsAndWrites(
                    kafkaBytes(response, v),
                    v,
                    AddPartitionsToTxnResponse::read,
                    new AddPartitionsToTxnResponse(response.throttleTimeMs(), expected));
        }
    }

    @Property(tries = 100)
    void addOffsetsToTxnMatchesKafka(@ForAll long seed) {
        for (short v = ApiKey.ADD_OFFSETS_TO_TXN.oldestVersion(); v <= ApiKey.ADD_OFFSETS_TO_TXN.latestVersion(); v++) {
            Gen g = new Gen(seed);
            AddOffsetsToTxnRequest ours = new AddOffsetsToTxnRequest(g.string(), g.int64(), g.int16(), g.string());
            AddOffsetsToTxnRequestData kafka = new AddOffsetsToTxnRequestData()
                    .setTransactionalId(ours.transactionalId())
                    .setProducerId(ours.producerId())
                    .setProducerEpoch(ours.producerEpoch())
                    .setGroupId(ours.groupId());
            assertThat(ourBytes(ours, v)).as("v" + v).containsExactly(kafkaBytes(kafka, v));

            AddOffsetsToTxnResponseData response = new AddOffsetsToTxnResponseData()
                    .setThrottleTimeMs(g.int32())
                    .setErrorCode(g.int16());
            Oracle.assertReadsAndWrites(
                    kafkaBytes(response, v),
                    v,
                    AddOffsetsToTxnResponse::read,
                    new AddOffsetsToTxnResponse(response.throttleTimeMs(), response.errorCode()));
        }
    }

    @Property(tries = 100)
    void txnOffsetCommitMatchesKafka(@ForAll long seed) {
        for (short v = ApiKey.TXN_OFFSET_COMMIT.oldestVersion(); v <= ApiKey.TXN_OFFSET_COMMIT.latestVersion(); v++) {
            Gen g = new Gen(seed);
            final short version = v;
            List<TxnOffsetCommitRequest.Topic> topics = g.list(
                    3,
                    () -> new TxnOffsetCommitRequest.Topic(
                            g.string(),
                            g.list(
                                    3,
                                    () -> new TxnOffsetCommitRequest.Partition(
                                            g.int32(), g.int64(), version >= 2 ? g.int32() : -1, g.nullableString()))));
            TxnOffsetCommitRequest ours = new TxnOffsetCommitRequest(
                    g.string(),
                    g.string(),
                    g.int64(),
                    g.int16(),
                    v >= 3 ? g.int32() : -1,
                    v >= 3 ? g.string() : "",
                    v >= 3 ? g.nullableString() : null,
                    topics);
            List<TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic> kafkaTopics = new ArrayList<>();
            for (TxnOffsetCommitRequest.Topic t : topics) {
                List<TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition> partitions = new ArrayList<>();
                for (TxnOffsetCommitRequest.Partition p : t.partitions()) {
                    partitions.add(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                            .setPartitionIndex(p.partitionIndex())
                            .setCommittedOffset(p.committedOffset())
                            .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                            .setCommittedMetadata(p.committedMetadata()));
                }
                kafkaTopics.add(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic()
                        .setName(t.name())
                        .setPartitions(partitions));
            }
            TxnOffsetCommitRequestData kafka = new TxnOffsetCommitRequestData()
                    .setTransactionalId(ours.transactionalId())
                    .setGroupId(ours.groupId())
                    .setProducerId(ours.producerId())
                    .setProducerEpoch(ours.producerEpoch())
                    .setGenerationIdOrMemberEpoch(ours.generationId())
                    .setMemberId(ours.memberId())
                    .setGroupInstanceId(ours.groupInstanceId())
                    .setTopics(kafkaTopics);
            assertThat(ourBytes(ours, v)).as("v" + v).containsExactly(kafkaBytes(kafka, v));

            List<TxnOffsetCommitResponse.Topic> expected = g.list(
                    3,
                    () -> new TxnOffsetCommitResponse.Topic(
                            g.string(), g.list(3, () -> new TxnOffsetCommitResponse.Partition(g.int32(), g.int16()))));
            List<TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic> responseTopics = new ArrayList<>();
            for (TxnOffsetCommitResponse.Topic t : expected) {
                List<TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition> partitions = new ArrayList<>();
                for (TxnOffsetCommitResponse.Partition p : t.partitions()) {
                    partitions.add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                            .setPartitionIndex(p.partitionIndex())
                            .setErrorCode(p.errorCode()));
                }
                responseTopics.add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                        .setName(t.name())
                        .setPartitions(partitions));
            }
            TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData()
                    .setThrottleTimeMs(g.int32())
                    .setTopics(responseTopics);
            Oracle.assertReadsAndWrites(
                    kafkaBytes(response, v),
                    v,
                    TxnOffsetCommitResponse::read,
                    new TxnOffsetCommitResponse(response.throttleTimeMs(), expected));
        }
    }

    @Property(tries = 100)
    void endTxnMatchesKafka(@ForAll long seed) {
        for (short v = ApiKey.END_TXN.oldestVersion(); v <= ApiKey.END_TXN.latestVersion(); v++) {
            Gen g = new Gen(seed);
            EndTxnRequest ours = new EndTxnRequest(g.string(), g.int64(), g.int16(), g.bool());
            EndTxnRequestData kafka = new EndTxnRequestData()
                    .setTransactionalId(ours.transactionalId())
                    .setProducerId(ours.producerId())
                    .setProducerEpoch(ours.producerEpoch())
                    .setCommitted(ours.committed());
            assertThat(ourBytes(ours, v)).as("v" + v).containsExactly(kafkaBytes(kafka, v));

            EndTxnResponseData response = new EndTxnResponseData()
                    .setThrottleTimeMs(g.int32())
                    .setErrorCode(g.int16())
                    .setProducerId(v >= 5 ? g.int64() : -1)
                    .setProducerEpoch(v >= 5 ? g.int16() : -1);
            Oracle.assertReadsAndWrites(
                    kafkaBytes(response, v),
                    v,
                    EndTxnResponse::read,
                    new EndTxnResponse(
                            response.throttleTimeMs(),
                            response.errorCode(),
                            response.producerId(),
                            response.producerEpoch()));
        }
    }
}
