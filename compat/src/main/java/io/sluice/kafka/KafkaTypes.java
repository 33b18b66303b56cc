package io.sluice.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Conversions between kafka-clients' value types and Sluice's. */
final class KafkaTypes {
    private KafkaTypes() {}

    static RecordMetadata metadata(io.sluice.producer.RecordMetadata md) {
        return new RecordMetadata(
                new TopicPartition(md.topic(), md.partition()),
                md.hasOffset() ? md.offset() : -1L,
                0,
                md.hasTimestamp() ? md.timestamp() : -1L,
                md.serializedKeySize(),
                md.serializedValueSize());
    }

    /** The metadata a callback gets for a record that failed before it reached a batch. */
    static RecordMetadata failedBeforeSend(String topic, Integer partition) {
        return new RecordMetadata(
                new TopicPartition(topic, partition == null ? RecordMetadata.UNKNOWN_PARTITION : partition),
                -1L,
                0,
                -1L,
                -1,
                -1);
    }

    static Node node(io.sluice.producer.Node node) {
        return node == null ? null : new Node(node.id(), node.host(), node.port(), node.rack());
    }

    private static Node[] nodes(List<io.sluice.producer.Node> nodes) {
        Node[] out = new Node[nodes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node(nodes.get(i));
        }
        return out;
    }

    static PartitionInfo partitionInfo(io.sluice.producer.PartitionInfo p) {
        Node leader = p.leader() == null ? null : node(p.leader());
        return new PartitionInfo(
                p.topic(),
                p.partition(),
                leader,
                nodes(p.replicas()),
                nodes(p.inSyncReplicas()),
                nodes(p.offlineReplicas()));
    }

    static List<PartitionInfo> partitionInfos(List<io.sluice.producer.PartitionInfo> partitions) {
        List<PartitionInfo> out = new ArrayList<>(partitions.size());
        for (io.sluice.producer.PartitionInfo p : partitions) {
            out.add(partitionInfo(p));
        }
        return out;
    }

    static Map<io.sluice.producer.TopicPartition, io.sluice.producer.OffsetAndMetadata> offsets(
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<io.sluice.producer.TopicPartition, io.sluice.producer.OffsetAndMetadata> out = new HashMap<>();
        offsets.forEach((tp, om) -> out.put(
                new io.sluice.producer.TopicPartition(tp.topic(), tp.partition()),
                new io.sluice.producer.OffsetAndMetadata(om.offset(), om.leaderEpoch(), om.metadata())));
        return out;
    }

    static io.sluice.producer.ConsumerGroupMetadata group(ConsumerGroupMetadata group) {
        return new io.sluice.producer.ConsumerGroupMetadata(
                group.groupId(), group.generationId(), group.memberId(), group.groupInstanceId());
    }
}
