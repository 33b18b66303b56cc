package io.sluice.protocol.message;

import static io.sluice.protocol.message.Oracle.kafkaBytes;
import static io.sluice.protocol.message.Oracle.ourBytes;
import static io.sluice.protocol.message.Oracle.toKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ProduceRequest.PartitionData;
import io.sluice.protocol.message.ProduceRequest.TopicData;
import io.sluice.protocol.message.ProduceResponse.LeaderIdAndEpoch;
import io.sluice.protocol.message.ProduceResponse.NodeEndpoint;
import io.sluice.protocol.message.ProduceResponse.PartitionResponse;
import io.sluice.protocol.message.ProduceResponse.RecordError;
import io.sluice.protocol.message.ProduceResponse.TopicResponse;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.ShortRange;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

class ProduceCodecTest {

    @Test
    void writesGoldenRequestV3() {
        byte[] expected = Golden.bytes(
                "ff ff", // transactional_id: null
                "ff ff", // acks -1 (all in-sync replicas)
                "00 00 75 30", // timeout_ms 30000
                "00 00 00 01", // topic_data: count 1
                "00 01", // name: length 1
                "'t'",
                "00 00 00 01", // partition_data: count 1
                "00 00 00 02", // index 2
                "00 00 00 03", // records: length 3
                "01 02 03"); // the batch, as given
        ProduceRequest request = new ProduceRequest(
                null,
                (short) -1,
                30_000,
                List.of(new TopicData("t", Uuid.ZERO, List.of(new PartitionData(2, ByteBuffer.wrap(new byte[] {1, 2, 3
                }))))));
        assertThat(ourBytes(request, (short) 3)).containsExactly(expected);
    }

    @Test
    void writesGoldenRequestV13ByTopicId() {
        byte[] expected = Golden.bytes(
                "03", // transactional_id: compact length 2+1
                "'tx'",
                "00 01", // acks 1
                "00 00 00 0a", // timeout_ms 10
                "02", // topic_data: compact count 1+1
                "00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02", // topic_id, instead of the name
                "02", // partition_data: compact count 1+1
                "00 00 00 00", // index 0
                "03", // records: compact length 2+1
                "09 08", // the batch, as given
                "00", // the partition's tagged fields
                "00", // the topic's tagged fields
                "00"); // tagged fields
        ProduceRequest request = new ProduceRequest(
                "tx",
                (short) 1,
                10,
                List.of(new TopicData(
                        "ignored at v13", new Uuid(1, 2), List.of(new PartitionData(0, ByteBuffer.wrap(new byte[] {9, 8
                        }))))));
        assertThat(ourBytes(request, (short) 13)).containsExactly(expected);
    }

    @Test
    void readsGoldenResponseV10WithLeaderHint() {
        byte[] body = Golden.bytes(
                "02", // responses: compact count 1+1
                "02", // name: compact length 1+1
                "'t'",
                "02", // partition_responses: compact count 1+1
                "00 00 00 00", // index 0
                "00 06", // error_code 6: NOT_LEADER_OR_FOLLOWER
                "ff ff ff ff ff ff ff ff", // base_offset -1
                "ff ff ff ff ff ff ff ff", // log_append_time_ms -1
                "00 00 00 00 00 00 00 00", // log_start_offset 0
                "01", // record_errors: compact count 0+1
                "00", // error_message: null
                "01", // the partition has one tagged field
                "00 09", // tag 0 (current_leader), 9 bytes
                "00 00 00 02", // leader_id 2
                "00 00 00 05", // leader_epoch 5
                "00", // current_leader's tagged fields
                "00", // the topic's tagged fields
                "00 00 00 00", // throttle_time_ms 0
                "01", // one top-level tagged field
                "00 0d", // tag 0 (node_endpoints), 13 bytes
                "02", // node_endpoints: compact count 1+1
                "00 00 00 02", // node_id 2
                "02", // host: compact length 1+1
                "'b'",
                "00 00 23 84", // port 9092
                "00", // rack: null
                "00"); // the endpoint's tagged fields
        ProduceResponse r = ProduceResponse.read(ByteReader.of(body), (short) 10);
        PartitionResponse p = r.responses().get(0).partitions().get(0);
        assertThat(p.error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(p.baseOffset()).isEqualTo(-1L);
        assertThat(p.currentLeader()).isEqualTo(new LeaderIdAndEpoch(2, 5));
        assertThat(r.nodeEndpoints()).containsExactly(new NodeEndpoint(2, "b", 9092, null));
    }

    @Test
    void refusesTopicWithoutIdAtV13() {
        ProduceRequest request = new ProduceRequest(
                null, (short) 1, 1, List.of(new TopicData("t", Uuid.ZERO, List.of(new PartitionData(0, null)))));
        assertThatThrownBy(() -> ourBytes(request, (short) 13)).hasMessageContaining("by id");
    }

    @Test
    void leavesTheBatchBufferUntouchedAndReusesTheWriter() {
        ByteBuffer batch = ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4, 5}, 1, 4);
        ProduceRequest request = new ProduceRequest(
                null, (short) 1, 1, List.of(new TopicData("t", Uuid.ZERO, List.of(new PartitionData(0, batch)))));
        ByteWriter w = new ByteWriter(16);
        request.write(w, (short) 8);
        byte[] first = w.toByteArray();
        byte[] array = w.array();
        w.reset();
        request.write(w, (short) 8);
        assertThat(w.toByteArray()).containsExactly(first);
        assertThat(w.array()).isSameAs(array);
        assertThat(batch.position()).isEqualTo(1);
        assertThat(batch.remaining()).isEqualTo(4);
    }

    @Property(tries = 300)
    void requestMatchesKafka(@ForAll @ShortRange(min = 3, max = 13) short version, @ForAll long seed) {
        Gen g = new Gen(seed);
        List<TopicData> topics = g.list(
                3,
                () -> new TopicData(
                        version < 13 ? g.string() : null,
                        version >= 13 ? g.nonZeroUuid() : Uuid.ZERO,
                        g.list(
                                3,
                                () -> new PartitionData(
                                        g.int32(), g.nonNegative(5) == 0 ? null : ByteBuffer.wrap(g.bytes())))));
        ProduceRequest ours = new ProduceRequest(g.nullableString(), g.int16(), g.int32(), topics);

        ProduceRequestData kafka = new ProduceRequestData()
                .setTransactionalId(ours.transactionalId())
                .setAcks(ours.acks())
                .setTimeoutMs(ours.timeoutMs());
        for (TopicData t : topics) {
            List<ProduceRequestData.PartitionProduceData> partitions = new ArrayList<>();
            for (PartitionData p : t.partitions()) {
                partitions.add(new ProduceRequestData.PartitionProduceData()
                        .setIndex(p.index())
                        .setRecords(
                                p.records() == null
                                        ? null
                                        : MemoryRecords.readableRecords(
                                                p.records().duplicate())));
            }
            ProduceRequestData.TopicProduceData kt =
                    new ProduceRequestData.TopicProduceData().setPartitionData(partitions);
            if (version >= 13) {
                kt.setTopicId(toKafka(t.topicId()));
            } else {
                kt.setName(t.name());
            }
            kafka.topicData().add(kt);
        }
        assertThat(ourBytes(ours, version)).containsExactly(kafkaBytes(kafka, version));
    }

    @Property(tries = 300)
    void decodesWhatKafkaWrites(@ForAll @ShortRange(min = 3, max = 13) short version, @ForAll long seed) {
        Gen g = new Gen(seed);
        ProduceResponseData data = randomResponse(g, version);
        byte[] bytes = kafkaBytes(data, version);
        ProduceResponseData reread = new ProduceResponseData(Oracle.kafkaReader(bytes), version);
        ProduceResponse expected = fromKafka(reread, version);
        assertThat(ProduceResponse.read(ByteReader.of(bytes), version)).isEqualTo(expected);
        // our encoder writes the same bytes, so decoding what it writes is a round trip
        assertThat(ourBytes(expected, version)).containsExactly(bytes);
    }

    static ProduceResponseData randomResponse(Gen g, short v) {
        ProduceResponseData d = new ProduceResponseData().setThrottleTimeMs(g.int32());
        for (int i = g.nonNegative(3); i > 0; i--) {
            List<ProduceResponseData.PartitionProduceResponse> partitions = g.list(
                    3,
                    () -> new ProduceResponseData.PartitionProduceResponse()
                            .setIndex(g.int32())
                            .setErrorCode(g.int16())
                            .setBaseOffset(g.int64())
                            .setLogAppendTimeMs(g.int64())
                            .setLogStartOffset(v >= 5 ? g.int64() : -1)
                            .setRecordErrors(
                                    v >= 8
                                            ? g.list(
                                                    2,
                                                    () -> new ProduceResponseData.BatchIndexAndErrorMessage()
                                                            .setBatchIndex(g.int32())
                                                            .setBatchIndexErrorMessage(g.nullableString()))
                                            : new ArrayList<>())
                            .setErrorMessage(v >= 8 ? g.nullableString() : null)
                            .setCurrentLeader(
                                    v >= 10 && g.bool()
                                            ? new ProduceResponseData.LeaderIdAndEpoch()
                                                    .setLeaderId(g.int32())
                                                    .setLeaderEpoch(g.int32())
                                            : new ProduceResponseData.LeaderIdAndEpoch()));
            ProduceResponseData.TopicProduceResponse t =
                    new ProduceResponseData.TopicProduceResponse().setPartitionResponses(partitions);
            if (v >= 13) {
                t.setTopicId(toKafka(g.nonZeroUuid()));
            } else {
                t.setName(g.string());
            }
            d.responses().add(t);
        }
        if (v >= 10) {
            for (int i = g.nonNegative(3); i > 0; i--) {
                d.nodeEndpoints()
                        .add(new ProduceResponseData.NodeEndpoint()
                                .setNodeId(i)
                                .setHost(g.string())
                                .setPort(g.int32())
                                .setRack(g.nullableString()));
            }
        }
        return d;
    }

    static ProduceResponse fromKafka(ProduceResponseData d, short v) {
        List<TopicResponse> topics = new ArrayList<>();
        d.responses().forEach(t -> {
            List<PartitionResponse> partitions = new ArrayList<>();
            for (ProduceResponseData.PartitionProduceResponse p : t.partitionResponses()) {
                List<RecordError> errors = new ArrayList<>();
                p.recordErrors().forEach(e -> errors.add(new RecordError(e.batchIndex(), e.batchIndexErrorMessage())));
                partitions.add(new PartitionResponse(
                        p.index(),
                        p.errorCode(),
                        p.baseOffset(),
                        p.logAppendTimeMs(),
                        p.logStartOffset(),
                        errors,
                        p.errorMessage(),
                        new LeaderIdAndEpoch(
                                p.currentLeader().leaderId(), p.currentLeader().leaderEpoch())));
            }
            topics.add(new TopicResponse(
                    v >= 13 ? null : t.name(), v >= 13 ? Oracle.fromKafka(t.topicId()) : Uuid.ZERO, partitions));
        });
        List<NodeEndpoint> endpoints = new ArrayList<>();
        d.nodeEndpoints().forEach(n -> endpoints.add(new NodeEndpoint(n.nodeId(), n.host(), n.port(), n.rack())));
        return new ProduceResponse(topics, d.throttleTimeMs(), endpoints);
    }
}
