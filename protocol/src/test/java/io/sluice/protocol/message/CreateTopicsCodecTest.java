package io.sluice.protocol.message;

import static io.sluice.protocol.message.Oracle.kafkaBytes;
import static io.sluice.protocol.message.Oracle.ourBytes;
import static io.sluice.protocol.message.Oracle.toKafka;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.types.Uuid;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;

class CreateTopicsCodecTest {

    @Property(tries = 100)
    void requestMatchesKafka(@ForAll long seed) {
        for (short v = ApiKey.CREATE_TOPICS.oldestVersion(); v <= ApiKey.CREATE_TOPICS.latestVersion(); v++) {
            Gen g = new Gen(seed);
            List<CreateTopicsRequest.Topic> topics = new ArrayList<>();
            CreateTopicsRequestData kafka = new CreateTopicsRequestData();
            for (int i = g.nonNegative(3); i > 0; i--) {
                List<CreateTopicsRequest.Assignment> assignments = new ArrayList<>();
                CreateTopicsRequestData.CreatableReplicaAssignmentCollection kafkaAssignments =
                        new CreateTopicsRequestData.CreatableReplicaAssignmentCollection();
                for (int p = g.nonNegative(3); p > 0; p--) {
                    CreateTopicsRequest.Assignment a = new CreateTopicsRequest.Assignment(p, g.ints(3));
                    assignments.add(a);
                    kafkaAssignments.add(new CreateTopicsRequestData.CreatableReplicaAssignment()
                            .setPartitionIndex(p)
                            .setBrokerIds(a.brokerIds()));
                }
                List<CreateTopicsRequest.Config> configs = new ArrayList<>();
                CreateTopicsRequestData.CreatableTopicConfigCollection kafkaConfigs =
                        new CreateTopicsRequestData.CreatableTopicConfigCollection();
                for (int c = g.nonNegative(3); c > 0; c--) {
                    CreateTopicsRequest.Config config =
                            new CreateTopicsRequest.Config(g.uniqueString(c), g.nullableString());
                    configs.add(config);
                    kafkaConfigs.add(new CreateTopicsRequestData.CreatableTopicConfig()
                            .setName(config.name())
                            .setValue(config.value()));
                }
                CreateTopicsRequest.Topic t =
                        new CreateTopicsRequest.Topic(g.uniqueString(i), g.int32(), g.int16(), assignments, configs);
                topics.add(t);
                kafka.topics()
                        .add(new CreateTopicsRequestData.CreatableTopic()
                                .setName(t.name())
                                .setNumPartitions(t.numPartitions())
                                .setReplicationFactor(t.replicationFactor())
                                .setAssignments(kafkaAssignments)
                                .setConfigs(kafkaConfigs));
            }
            CreateTopicsRequest ours = new CreateTopicsRequest(topics, g.int32(), g.bool());
            kafka.setTimeoutMs(ours.timeoutMs()).setValidateOnly(ours.validateOnly());
            assertThat(ourBytes(ours, v)).as("v" + v).containsExactly(kafkaBytes(kafka, v));
        }
    }

    @Property(tries = 100)
    void decodesWhatKafkaWrites(@ForAll long seed) {
        for (short v = ApiKey.CREATE_TOPICS.oldestVersion(); v <= ApiKey.CREATE_TOPICS.latestVersion(); v++) {
            Gen g = new Gen(seed);
            CreateTopicsResponseData response = new CreateTopicsResponseData().setThrottleTimeMs(g.int32());
            List<CreateTopicsResponse.TopicResult> expected = new ArrayList<>();
            for (int i = g.nonNegative(3); i > 0; i--) {
                boolean v5 = v >= 5;
                List<CreateTopicsResponse.Config> configs = v5 && g.bool()
                        ? g.list(
                                3,
                                () -> new CreateTopicsResponse.Config(
                                        g.string(), g.nullableString(), g.bool(), g.int8(), g.bool()))
                        : null;
                CreateTopicsResponse.TopicResult t = new CreateTopicsResponse.TopicResult(
                        g.uniqueString(i),
                        v >= 7 ? g.uuid() : Uuid.ZERO,
                        g.int16(),
                        g.nullableString(),
                        v5 ? g.int16() : 0,
                        v5 ? g.int32() : -1,
                        v5 ? g.int16() : -1,
                        configs);
                expected.add(t);
                List<CreateTopicsResponseData.CreatableTopicConfigs> kafkaConfigs = null;
                if (configs != null) {
                    kafkaConfigs = new ArrayList<>();
                    for (CreateTopicsResponse.Config c : configs) {
                        kafkaConfigs.add(new CreateTopicsResponseData.CreatableTopicConfigs()
                                .setName(c.name())
                                .setValue(c.value())
                                .setReadOnly(c.readOnly())
                                .setConfigSource(c.configSource())
                                .setIsSensitive(c.isSensitive()));
                    }
                }
                response.topics()
                        .add(new CreateTopicsResponseData.CreatableTopicResult()
                                .setName(t.name())
                                .setTopicId(toKafka(t.topicId()))
                                .setErrorCode(t.errorCode())
                                .setErrorMessage(t.errorMessage())
                                .setTopicConfigErrorCode(t.topicConfigErrorCode())
                                .setNumPartitions(t.numPartitions())
                                .setReplicationFactor(t.replicationFactor())
                                .setConfigs(kafkaConfigs));
            }
            Oracle.assertReadsAndWrites(
                    kafkaBytes(response, v),
                    v,
                    CreateTopicsResponse::read,
                    new CreateTopicsResponse(response.throttleTimeMs(), expected));
        }
    }
}
