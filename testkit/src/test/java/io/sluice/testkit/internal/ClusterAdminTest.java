package io.sluice.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class ClusterAdminTest {
    private static final Node ONE = new Node(1, "127.0.0.1", 9001);
    private static final Node TWO = new Node(2, "127.0.0.1", 9002);
    private static final Node THREE = new Node(3, "127.0.0.1", 9003);

    @Test
    void anIsrIsFullWhenEveryPartitionHasALeaderAndAllItsReplicasInSync() {
        TopicPartitionInfo first = new TopicPartitionInfo(0, ONE, List.of(ONE, TWO, THREE), List.of(THREE, ONE, TWO));
        TopicPartitionInfo second = new TopicPartitionInfo(1, TWO, List.of(TWO, THREE), List.of(TWO, THREE));

        assertThat(ClusterAdmin.isrFull(List.of(first, second))).isTrue();
    }

    @Test
    void anIsrIsNotFullWhileAReplicaIsMissingOrALeaderIsUnknown() {
        TopicPartitionInfo full = new TopicPartitionInfo(0, ONE, List.of(ONE, TWO), List.of(ONE, TWO));
        TopicPartitionInfo shrunk = new TopicPartitionInfo(1, ONE, List.of(ONE, TWO), List.of(ONE));
        TopicPartitionInfo leaderless = new TopicPartitionInfo(2, null, List.of(ONE, TWO), List.of(ONE, TWO));

        assertThat(ClusterAdmin.isrFull(List.of(full, shrunk))).isFalse();
        assertThat(ClusterAdmin.isrFull(List.of(full, leaderless))).isFalse();
    }

    @Test
    void aTopicWithoutPartitionsHasNoFullIsr() {
        assertThat(ClusterAdmin.isrFull(List.of())).isFalse();
    }
}
