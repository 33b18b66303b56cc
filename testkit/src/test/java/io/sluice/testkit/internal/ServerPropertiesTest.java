package io.sluice.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerPropertiesTest {
    private static final Map<String, String> PROTOCOLS = protocols();

    @Test
    void onlyASeparateControllerGetsTheShortBrokerSession() {
        Map<String, String> separate = ServerProperties.common(PROTOCOLS, 1000, 9000, 3, true);
        Map<String, String> combined = ServerProperties.common(PROTOCOLS, 1, 9000, 1, false);

        assertThat(separate)
                .containsEntry("broker.session.timeout.ms", "2000")
                .containsEntry("broker.heartbeat.interval.ms", "500");
        assertThat(combined).doesNotContainKeys("broker.session.timeout.ms", "broker.heartbeat.interval.ms");
    }

    @Test
    void internalTopicsAreReplicatedToEveryBrokerUpToThree() {
        assertThat(ServerProperties.common(PROTOCOLS, 1, 9000, 1, false))
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1");
        assertThat(ServerProperties.common(PROTOCOLS, 1000, 9000, 2, true))
                .containsEntry("transaction.state.log.replication.factor", "2")
                .containsEntry("share.coordinator.state.topic.min.isr", "2");
        assertThat(ServerProperties.common(PROTOCOLS, 1000, 9000, 5, true))
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("share.coordinator.state.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
    }

    @Test
    void namesTheQuorumAndEveryListenerInOrder() {
        Map<String, String> config = ServerProperties.common(PROTOCOLS, 1000, 9000, 3, true);

        assertThat(config)
                .containsEntry("controller.quorum.voters", "1000@127.0.0.1:9000")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry(
                        "listener.security.protocol.map", "CLIENT:PLAINTEXT,SASL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("CLIENT", 9001);
        ports.put("SASL", 9002);
        assertThat(ServerProperties.listeners(ports)).isEqualTo("CLIENT://127.0.0.1:9001,SASL://127.0.0.1:9002");
    }

    @Test
    void aNodeCopiesTheCommonPropertiesAndAddsItsRoleAndId() {
        Map<String, String> common = ServerProperties.common(PROTOCOLS, 1000, 9000, 3, true);

        Map<String, String> broker = ServerProperties.node(common, "broker", 2);

        assertThat(broker)
                .containsAllEntriesOf(common)
                .containsEntry("process.roles", "broker")
                .containsEntry("node.id", "2");
        assertThat(common).doesNotContainKeys("process.roles", "node.id");
    }

    private static Map<String, String> protocols() {
        Map<String, String> protocols = new LinkedHashMap<>();
        protocols.put("CLIENT", "PLAINTEXT");
        protocols.put("SASL", "SASL_PLAINTEXT");
        protocols.put("CONTROLLER", "PLAINTEXT");
        return protocols;
    }
}
