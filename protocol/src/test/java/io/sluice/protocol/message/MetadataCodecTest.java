package io.sluice.protocol.message;

import static io.sluice.protocol.message.Oracle.kafkaBytes;
import static io.sluice.protocol.message.Oracle.ourBytes;
import static io.sluice.protocol.message.Oracle.toKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.Errors;
import io.sluice.protocol.message.MetadataResponse.Broker;
import io.sluice.protocol.message.MetadataResponse.Partition;
import io.sluice.protocol.message.MetadataResponse.Topic;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.Uuid;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.ShortRange;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.junit.jupiter.api.Test;

class MetadataCodecTest {

    @Test
    void writesGoldenRequestV12ForOneTopic() {
        byte[] expected = Golden.bytes(
                "02", // topics: compact count 1+1
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // topic_id: zero, asking by name
                "02", // name: compact length 1+1
                "'t'",
                "00", // the topic's tagged fields
                "01", // allow_auto_topic_creation true
                "00", // include_topic_authorized_operations false
                "00"); // tagged fields
        MetadataRequest request = new MetadataRequest(List.of(MetadataRequest.Topic.named("t")), true, false, false);
        assertThat(ourBytes(request, (short) 12)).containsExactly(expected);
    }

    @Test
    void writesGoldenAllTopicsRequestV1AndV0() {
        // topics: the null array (int32 -1) asks for every topic
        assertThat(ourBytes(MetadataRequest.allTopics(), (short) 1)).containsExactly(Golden.bytes("ff ff ff ff"));
        // v0 has no null array: an empty one asks for every topic
        assertThat(ourBytes(MetadataRequest.allTopics(), (short) 0)).containsExactly(Golden.bytes("00 00 00 00"));
    }

    @Test
    void readsGoldenResponseV1() {
        byte[] body = Golden.bytes(
                "00 00 00 01", // brokers: count 1
                "00 00 00 01", // node_id 1
                "00 02", // host: length 2
                "'h1'",
                "00 00 23 84", // port 9092
                "ff ff", // rack: null
                "00 00 00 01", // controller_id 1
                "00 00 00 01", // topics: count 1
                "00 00", // error_code NONE
                "00 01", // name: length 1
                "'t'",
                "00", // is_internal false
                "00 00 00 01", // partitions: count 1
                "00 06", // error_code 6: NOT_LEADER_OR_FOLLOWER
                "00 00 00 00", // partition_index 0
                "00 00 00 01", // leader_id 1
                "00 00 00 01 00 00 00 01", // replica_nodes: [1]
                "00 00 00 01 00 00 00 01"); // isr_nodes: [1]
        MetadataResponse r = MetadataResponse.read(ByteReader.of(body), (short) 1);
        assertThat(r.brokers()).containsExactly(new Broker(1, "h1", 9092, null));
        assertThat(r.controllerId()).isEqualTo(1);
        assertThat(r.clusterId()).isNull();
        Topic t = r.topics().get(0);
        assertThat(t.name()).isEqualTo("t");
        assertThat(t.topicId()).isEqualTo(Uuid.ZERO);
        Partition p = t.partitions().get(0);
        assertThat(p.error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(p.leaderId()).isEqualTo(1);
        assertThat(p.leaderEpoch()).isEqualTo(-1);
        assertThat(p.replicaNodes()).containsExactly(1);
        assertThat(p.offlineReplicas()).isEmpty();
    }

    @Test
    void refusesTopicWithoutNameBeforeV10() {
        MetadataRequest byId =
                new MetadataRequest(List.of(new MetadataRequest.Topic(new Uuid(1, 2), null)), false, false, false);
        assertThatThrownBy(() -> ourBytes(byId, (short) 9)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ourBytes(byId, (short) 10)).hasSize(1 + 16 + 1 + 1 + 1 + 1 + 1 + 1);
    }

    @Property(tries = 300)
    void requestMatchesKafka(@ForAll @ShortRange(min = 0, max = 13) short version, @ForAll long seed) {
        Gen g = new Gen(seed);
        List<MetadataRequest.Topic> topics = g.bool() && version > 0
                ? null
                : g.list(
                        4,
                        () -> new MetadataRequest.Topic(
                                version >= 10 ? g.uuid() : Uuid.ZERO, version >= 10 ? g.nullableString() : g.string()));
        boolean auto = version < 4 || g.bool();
        boolean clusterOps = version >= 8 && version <= 10 && g.bool();
        boolean topicOps = version >= 8 && g.bool();
        MetadataRequest ours = new MetadataRequest(topics, auto, clusterOps, topicOps);

        MetadataRequestData kafka = new MetadataRequestData()
                .setAllowAutoTopicCreation(auto)
                .setIncludeClusterAuthorizedOperations(clusterOps)
                .setIncludeTopicAuthorizedOperations(topicOps);
        if (topics == null) {
            kafka.setTopics(null);
        } else {
            List<MetadataRequestData.MetadataRequestTopic> kt = new ArrayList<>();
            for (MetadataRequest.Topic t : topics) {
                kt.add(new MetadataRequestData.MetadataRequestTopic()
                        .setName(t.name())
                        .setTopicId(toKafka(t.topicId())));
            }
            kafka.setTopics(kt);
        }
        assertThat(ourBytes(ours, version)).containsExactly(kafkaBytes(kafka, version));
    }

    @Property(tries = 300)
    void decodesWhatKafkaWrites(@ForAll @ShortRange(min = 0, max = 13) short version, @ForAll long seed) {
        Gen g = new Gen(seed);
        MetadataResponseData data = randomResponse(g, version);
        byte[] bytes = kafkaBytes(data, version);
        MetadataResponseData reread = new MetadataResponseData(Oracle.kafkaReader(bytes), version);
        MetadataResponse expected = fromKafka(reread);
        assertThat(MetadataResponse.read(ByteReader.of(bytes), version)).isEqualTo(expected);
        // our encoder writes the same bytes, so decoding what it writes is a round trip
        assertThat(ourBytes(expected, version)).containsExactly(bytes);
    }

    static MetadataResponseData randomResponse(Gen g, short v) {
        MetadataResponseData d = new MetadataResponseData()
                .setThrottleTimeMs(v >= 3 ? g.int32() : 0)
                .setClusterId(v >= 2 ? g.nullableString() : null)
                .setControllerId(v >= 1 ? g.int32() : -1)
                .setClusterAuthorizedOperations(v >= 8 && v <= 10 ? g.int32() : Integer.MIN_VALUE)
                .setErrorCode(v >= 13 ? g.int16() : 0);
        for (int i = g.nonNegative(4); i > 0; i--) {
            d.brokers()
                    .add(new MetadataResponseData.MetadataResponseBroker()
                            .setNodeId(g.int32())
                            .setHost(g.string())
                            .setPort(g.int32())
                            .setRack(v >= 1 ? g.nullableString() : null));
        }
        for (int i = g.nonNegative(4); i > 0; i--) {
            List<MetadataResponseData.MetadataResponsePartition> partitions = g.list(
                    3,
                    () -> new MetadataResponseData.MetadataResponsePartition()
                            .setErrorCode(g.int16())
                            .setPartitionIndex(g.int32())
                            .setLeaderId(g.int32())
                            .setLeaderEpoch(v >= 7 ? g.int32() : -1)
                            .setReplicaNodes(g.ints(4))
                            .setIsrNodes(g.ints(4))
                            .setOfflineReplicas(v >= 5 ? g.ints(2) : List.of()));
            d.topics()
                    .add(new MetadataResponseData.MetadataResponseTopic()
                            .setErrorCode(g.int16())
                            .setName(v >= 12 ? g.nullableString() : g.string())
                            .setTopicId(v >= 10 ? toKafka(g.uuid()) : org.apache.kafka.common.Uuid.ZERO_UUID)
                            .setIsInternal(v >= 1 && g.bool())
                            .setPartitions(partitions)
                            .setTopicAuthorizedOperations(v >= 8 ? g.int32() : Integer.MIN_VALUE));
        }
        return d;
    }

    static MetadataResponse fromKafka(MetadataResponseData d) {
        List<Broker> brokers = new ArrayList<>();
        d.brokers().forEach(b -> brokers.add(new Broker(b.nodeId(), b.host(), b.port(), b.rack())));
        List<Topic> topics = new ArrayList<>();
        d.topics().forEach(t -> {
            List<Partition> partitions = new ArrayList<>();
            t.partitions()
                    .forEach(p -> partitions.add(new Partition(
                            p.errorCode(),
                            p.partitionIndex(),
                            p.leaderId(),
                            p.leaderEpoch(),
                            p.replicaNodes(),
                            p.isrNodes(),
                            p.offlineReplicas())));
            topics.add(new Topic(
                    t.errorCode(),
                    t.name(),
                    Oracle.fromKafka(t.topicId()),
                    t.isInternal(),
                    partitions,
                    t.topicAuthorizedOperations()));
        });
        return new MetadataResponse(
                d.throttleTimeMs(),
                brokers,
                d.clusterId(),
                d.controllerId(),
                topics,
                d.clusterAuthorizedOperations(),
                d.errorCode());
    }
}
