package io.sluice.protocol.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.ApiVersionsRequest;
import io.sluice.protocol.message.ApiVersionsResponse;
import io.sluice.protocol.message.CreateTopicsRequest;
import io.sluice.protocol.message.CreateTopicsResponse;
import io.sluice.protocol.message.MetadataRequest;
import io.sluice.protocol.message.MetadataResponse;
import io.sluice.protocol.message.ProduceRequest;
import io.sluice.protocol.message.ProduceResponse;
import io.sluice.protocol.record.Compression;
import io.sluice.protocol.record.CompressionType;
import io.sluice.protocol.record.RecordBatchBuilder;
import io.sluice.protocol.record.RecordHeader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The codecs against a real Kafka 4.4.0 broker over a plain blocking socket: ApiVersions (and its v0 answer to a
 * version it does not know), CreateTopics, Metadata at every version, and Produce at every version and in every
 * codec, read back by kafka-clients' consumer.
 */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class RealBrokerTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void negotiatesTheLatestVersionsWithApiVersions(KafkaCluster kafka) throws IOException {
        try (BlockingClient client = new BlockingClient(kafka.bootstrapServers())) {
            ApiVersionsResponse versions = ApiVersionsResponse.read(
                    client.send(new ApiVersionsRequest("sluice", "0.1.0"), (short) 5), (short) 5);
            assertThat(versions.error()).isEqualTo(Errors.NONE);
            for (ApiKey key : ApiKey.values()) {
                if (key == ApiKey.GET_TELEMETRY_SUBSCRIPTIONS || key == ApiKey.PUSH_TELEMETRY) {
                    // A broker hides the KIP-714 APIs unless a client telemetry plugin is configured.
                    assertThat(versions.find(key)).as(key.name()).isNull();
                    continue;
                }
                assertThat(versions.pick(key)).as(key.name()).isEqualTo(key.latestVersion());
            }
            for (short v = 0; v <= 5; v++) {
                ApiVersionsResponse older =
                        ApiVersionsResponse.read(client.send(new ApiVersionsRequest("sluice", "0.1.0"), v), v);
                assertThat(older.error()).as("v" + v).isEqualTo(Errors.NONE);
                assertThat(older.pick(ApiKey.PRODUCE)).as("v" + v).isEqualTo((short) 13);
            }
        }
    }

    @Test
    void readsTheV0AnswerToAnApiVersionsVersionTheBrokerDoesNotKnow(KafkaCluster kafka) throws IOException {
        ByteWriter w = new ByteWriter(64);
        int start = w.skip(4);
        w.writeShort(ApiKey.API_VERSIONS.id());
        w.writeShort(99); // a version no broker knows yet
        w.writeInt(77);
        w.writeNullableString("sluice-protocol-test");
        w.writeEmptyTaggedFields();
        w.writeCompactString("sluice");
        w.writeCompactString("0.1.0");
        w.writeEmptyTaggedFields();
        w.putInt(start, w.position() - 4);
        try (BlockingClient client = new BlockingClient(kafka.bootstrapServers())) {
            ApiVersionsResponse answer = ApiVersionsResponse.read(
                    client.sendRaw(w.toByteArray(), ApiKey.API_VERSIONS, (short) 4, 77), (short) 4);
            assertThat(answer.error()).isEqualTo(Errors.UNSUPPORTED_VERSION);
            assertThat(answer.pick(ApiKey.API_VERSIONS)).isEqualTo((short) 5);
        }
    }

    @Test
    void refusesAnApiVersionsMeantForAnotherClusterOrNode(KafkaCluster kafka) throws IOException {
        try (BlockingClient client = new BlockingClient(kafka.bootstrapServers())) {
            short mv = ApiKey.METADATA.latestVersion();
            MetadataResponse metadata =
                    MetadataResponse.read(client.send(MetadataRequest.forTopics(List.of()), mv), mv);
            String clusterId = metadata.clusterId();
            int nodeId = metadata.brokers().get(0).nodeId();

            assertThat(apiVersionsError(client, clusterId, nodeId)).isEqualTo(Errors.NONE);
            assertThat(apiVersionsError(client, null, -1)).isEqualTo(Errors.NONE);
            assertThat(apiVersionsError(client, "another-cluster-id", nodeId)).isEqualTo(Errors.REBOOTSTRAP_REQUIRED);
            assertThat(apiVersionsError(client, clusterId, nodeId + 1000)).isEqualTo(Errors.REBOOTSTRAP_REQUIRED);
        }
    }

    private static Errors apiVersionsError(BlockingClient client, String clusterId, int nodeId) throws IOException {
        ApiVersionsRequest request = new ApiVersionsRequest("sluice", "0.1.0", clusterId, nodeId);
        return ApiVersionsResponse.read(client.send(request, (short) 5), (short) 5)
                .error();
    }

    @Test
    void createsATopicAndDescribesItAtEveryMetadataVersion(KafkaCluster kafka) throws IOException {
        String topic = KafkaCluster.uniqueTopicName("protocol-metadata");
        try (BlockingClient client = new BlockingClient(kafka.bootstrapServers())) {
            Uuid topicId = createTopic(client, topic, 2);
            for (short v = ApiKey.METADATA.oldestVersion(); v <= ApiKey.METADATA.latestVersion(); v++) {
                MetadataResponse metadata =
                        MetadataResponse.read(client.send(MetadataRequest.forTopics(List.of(topic)), v), v);
                assertThat(metadata.brokers()).as("v" + v).isNotEmpty();
                MetadataResponse.Topic described = metadata.topics().get(0);
                assertThat(described.error()).as("v" + v).isEqualTo(Errors.NONE);
                assertThat(described.name()).isEqualTo(topic);
                assertThat(described.partitions()).hasSize(2);
                if (v >= 10) {
                    assertThat(described.topicId()).as("v" + v).isEqualTo(topicId);
                }
            }
        }
    }

    @Test
    void producesAtEveryVersionAndInEveryCodec(KafkaCluster kafka) throws IOException {
        String topic = KafkaCluster.uniqueTopicName("protocol-produce");
        List<String> expected = new ArrayList<>();
        try (BlockingClient client = new BlockingClient(kafka.bootstrapServers())) {
            Uuid topicId = createTopic(client, topic, 1);
            for (short v = ApiKey.PRODUCE.oldestVersion(); v <= ApiKey.PRODUCE.latestVersion(); v++) {
                String value = "v" + v;
                produce(client, topic, topicId, v, Compression.NONE, value);
                expected.add(value);
            }
            for (CompressionType type : CompressionType.values()) {
                String value = "codec-" + type.configName();
                produce(client, topic, topicId, ApiKey.PRODUCE.latestVersion(), Compression.of(type), value);
                expected.add(value);
            }
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, expected.size(), READ_TIMEOUT);
        assertThat(stored).extracting(StoredRecord::valueString).containsExactlyElementsOf(expected);
        assertThat(stored).extracting(StoredRecord::keyString).containsOnly("key");
        assertThat(stored)
                .allSatisfy(r -> assertThat(r.headers())
                        .singleElement()
                        .satisfies(h -> assertThat(h.valueString()).isEqualTo("header-value")));
    }

    private static void produce(
            BlockingClient client, String topic, Uuid topicId, short version, Compression compression, String value)
            throws IOException {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(4096), compression, 0L);
        builder.append(
                System.currentTimeMillis(),
                "key".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8),
                new RecordHeader[] {new RecordHeader("h", "header-value".getBytes(StandardCharsets.UTF_8))});
        ByteBuffer batch = builder.seal(-1L, (short) -1, -1, false);
        ProduceRequest request = new ProduceRequest(
                null,
                (short) -1,
                30_000,
                List.of(new ProduceRequest.TopicData(
                        topic, topicId, List.of(new ProduceRequest.PartitionData(0, batch)))));
        // Metadata may name the new leader a moment before that broker has taken the partition over; it then answers
        // NOT_LEADER_OR_FOLLOWER, which writes nothing, so the first request may be sent again until it is accepted.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ProduceResponse response;
        ProduceResponse.PartitionResponse partition;
        while (true) {
            response = ProduceResponse.read(client.send(request, version), version);
            partition = response.responses().get(0).partitions().get(0);
            if (partition.error() != Errors.NOT_LEADER_OR_FOLLOWER || System.nanoTime() > deadline) {
                break;
            }
            Thread.onSpinWait();
        }
        assertThat(partition.error())
                .as("v%d %s: %s", version, compression, partition.errorMessage())
                .isEqualTo(Errors.NONE);
        assertThat(partition.baseOffset()).isNotNegative();
        if (version >= 13) {
            assertThat(response.responses().get(0).topicId()).isEqualTo(topicId);
        } else {
            assertThat(response.responses().get(0).name()).isEqualTo(topic);
        }
    }

    /** Creates the topic with our CreateTopics codec and waits until Metadata shows every partition's leader. */
    private static Uuid createTopic(BlockingClient client, String topic, int partitions) throws IOException {
        short v = ApiKey.CREATE_TOPICS.latestVersion();
        CreateTopicsResponse created = CreateTopicsResponse.read(
                client.send(
                        new CreateTopicsRequest(
                                List.of(CreateTopicsRequest.Topic.of(topic, partitions, (short) 1)), 30_000, false),
                        v),
                v);
        CreateTopicsResponse.TopicResult result = created.topics().get(0);
        assertThat(result.error()).as(result.errorMessage()).isEqualTo(Errors.NONE);
        assertThat(result.numPartitions()).isEqualTo(partitions);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        short mv = ApiKey.METADATA.latestVersion();
        while (true) {
            MetadataResponse metadata =
                    MetadataResponse.read(client.send(MetadataRequest.forTopics(List.of(topic)), mv), mv);
            MetadataResponse.Topic t = metadata.topics().get(0);
            boolean ready = t.error() == Errors.NONE
                    && t.partitions().size() == partitions
                    && t.partitions().stream().allMatch(p -> p.leaderId() >= 0);
            if (ready) {
                assertThat(t.topicId()).isEqualTo(result.topicId());
                return t.topicId();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("topic " + topic + " has no leaders yet: " + t);
            }
            Thread.onSpinWait();
        }
    }
}
