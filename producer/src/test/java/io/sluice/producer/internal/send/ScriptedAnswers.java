package io.sluice.producer.internal.send;

import io.sluice.protocol.Errors;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;

/** Broker answers the sender tests script, written with kafka-clients' message classes. */
final class ScriptedAnswers {
    private ScriptedAnswers() {}

    /** Brokers 1 and 2; {@code topic} has partition 0 led by broker 1 and partition 1 by broker 2. */
    static MetadataResponseData twoBrokerMetadata(String topic) {
        MetadataResponseData data = new MetadataResponseData().setClusterId("c").setControllerId(1);
        for (int id = 1; id <= 2; id++) {
            data.brokers()
                    .add(new MetadataResponseData.MetadataResponseBroker()
                            .setNodeId(id)
                            .setHost("b" + id)
                            .setPort(id));
        }
        MetadataResponseData.MetadataResponseTopic t =
                new MetadataResponseData.MetadataResponseTopic().setName(topic).setTopicId(Uuid.randomUuid());
        for (int p = 0; p < 2; p++) {
            t.partitions()
                    .add(new MetadataResponseData.MetadataResponsePartition()
                            .setPartitionIndex(p)
                            .setLeaderId(p + 1)
                            .setLeaderEpoch(1)
                            .setReplicaNodes(List.of(1, 2))
                            .setIsrNodes(List.of(1, 2)));
        }
        data.topics().add(t);
        return data;
    }

    /** A Produce answer for one partition of {@code topic}. */
    static ProduceResponseData produceResponse(String topic, int partition, Errors error, long baseOffset) {
        ProduceResponseData data = new ProduceResponseData();
        ProduceResponseData.TopicProduceResponse t = new ProduceResponseData.TopicProduceResponse().setName(topic);
        t.partitionResponses()
                .add(new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(partition)
                        .setErrorCode(error.code())
                        .setBaseOffset(baseOffset));
        data.responses().add(t);
        return data;
    }
}
