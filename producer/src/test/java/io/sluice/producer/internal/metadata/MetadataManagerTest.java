package io.sluice.producer.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.internal.net.BrokerEndpoint;
import io.sluice.producer.internal.net.ScriptedNetwork;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.MetadataRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataResponseData;
import org.junit.jupiter.api.Test;

class MetadataManagerTest {
    private static final MetadataManager.Settings SETTINGS =
            new MetadataManager.Settings(300_000, 300_000, 100, 1000, true, 300_000);

    private final ScriptedNetwork network = new ScriptedNetwork();
    private final List<Cluster> published = new ArrayList<>();
    private final List<BrokerEndpoint> bootstrap =
            List.of(new BrokerEndpoint(-1, "dead.example", 9092), new BrokerEndpoint(-2, "alive.example", 9092));
    private final MetadataManager metadata =
            new MetadataManager(bootstrap, SETTINGS, (cluster, now) -> published.add(cluster), () -> 0L);

    private static MetadataResponseData response(String topic, int leader, int leaderEpoch) {
        MetadataResponseData data =
                new MetadataResponseData().setClusterId("c1").setControllerId(1);
        data.brokers()
                .add(new MetadataResponseData.MetadataResponseBroker()
                        .setNodeId(1)
                        .setHost("b1")
                        .setPort(1));
        data.brokers()
                .add(new MetadataResponseData.MetadataResponseBroker()
                        .setNodeId(2)
                        .setHost("b2")
                        .setPort(2));
        if (topic != null) {
            MetadataResponseData.MetadataResponseTopic t = new MetadataResponseData.MetadataResponseTopic()
                    .setName(topic)
                    .setTopicId(Uuid.randomUuid());
            t.partitions()
                    .add(new MetadataResponseData.MetadataResponsePartition()
                            .setPartitionIndex(0)
                            .setLeaderId(leader)
                            .setLeaderEpoch(leaderEpoch)
                            .setReplicaNodes(List.of(1, 2))
                            .setIsrNodes(List.of(1, 2)));
            data.topics().add(t);
        }
        return data;
    }

    private static MetadataResponseData unknownTopic(String topic) {
        MetadataResponseData data = response(null, 0, 0);
        data.topics()
                .add(new MetadataResponseData.MetadataResponseTopic()
                        .setName(topic)
                        .setErrorCode((short) 3));
        return data;
    }

    @Test
    void bootstrapsThroughAnyReachableAddressAndFetchesOnlyTopicsInUse() {
        network.reachable(-2, 1, 2);
        metadata.requestTopic("orders");
        metadata.maybeUpdate(network, 0);
        ScriptedNetwork.Sent sent = network.next(ApiKey.METADATA);
        assertThat(sent.nodeId()).isEqualTo(-2);
        MetadataRequest request = (MetadataRequest) sent.request();
        assertThat(request.topics()).extracting(MetadataRequest.Topic::name).containsExactly("orders");

        network.respond(sent, response("orders", 1, 5), 10);
        Cluster cluster = metadata.current();
        assertThat(cluster.leaderFor("orders", 0)).isEqualTo(1);
        assertThat(cluster.topicId("orders").isZero()).isFalse();
        assertThat(published).containsExactly(cluster);
    }

    @Test
    void refreshesAfterMaxAgeAndAtOnceWhenAsked() {
        network.reachable(-1, 1, 2);
        metadata.requestTopic("t");
        metadata.maybeUpdate(network, 0);
        network.respond(network.next(ApiKey.METADATA), response("t", 1, 1), 0);

        assertThat(metadata.maybeUpdate(network, 1_000)).isEqualTo(299_000);
        assertThat(network.hasInFlight(ApiKey.METADATA)).isFalse();

        metadata.requestUpdate();
        metadata.maybeUpdate(network, 1_000);
        assertThat(network.hasInFlight(ApiKey.METADATA)).isTrue();
        assertThat(network.next(ApiKey.METADATA).nodeId()).isIn(1, 2);
        network.respond(network.next(ApiKey.METADATA), response("t", 1, 1), 1_000);

        metadata.maybeUpdate(network, 301_000);
        assertThat(network.hasInFlight(ApiKey.METADATA)).isTrue();
    }

    @Test
    void keepsAskingForATopicTheBrokerDoesNotKnowYet() {
        network.reachable(-1, 1);
        metadata.requestTopic("later");
        metadata.maybeUpdate(network, 0);
        network.respond(network.next(ApiKey.METADATA), unknownTopic("later"), 0);
        assertThat(metadata.current().hasTopic("later")).isFalse();

        long wait = metadata.maybeUpdate(network, 0);
        assertThat(wait).isBetween(1L, 1000L);
        metadata.maybeUpdate(network, wait);
        network.respond(network.next(ApiKey.METADATA), response("later", 1, 0), wait);
        assertThat(metadata.current().hasTopic("later")).isTrue();
    }

    @Test
    void ignoresALeaderEpochThatWentBackwards() {
        network.reachable(-1, 1, 2);
        metadata.requestTopic("t");
        metadata.maybeUpdate(network, 0);
        network.respond(network.next(ApiKey.METADATA), response("t", 2, 7), 0);
        metadata.requestUpdate();
        metadata.maybeUpdate(network, 200);
        network.respond(network.next(ApiKey.METADATA), response("t", 1, 6), 200);
        assertThat(metadata.current().leaderFor("t", 0)).isEqualTo(2);
        assertThat(metadata.current().leaderEpoch("t", 0)).isEqualTo(7);
    }

    @Test
    void appliesANewerLeaderFromAProduceResponse() {
        network.reachable(-1, 1, 2);
        metadata.requestTopic("t");
        metadata.maybeUpdate(network, 0);
        network.respond(network.next(ApiKey.METADATA), response("t", 1, 3), 0);
        metadata.applyLeaderHint("t", 0, 2, 4, 5);
        assertThat(metadata.current().leaderFor("t", 0)).isEqualTo(2);
        metadata.applyLeaderHint("t", 0, 1, 2, 6);
        assertThat(metadata.current().leaderFor("t", 0)).isEqualTo(2);
        assertThat(published).hasSize(2);
    }

    @Test
    void goesBackToBootstrapWhenNoKnownBrokerIsReachable() {
        network.reachable(-1, 1);
        metadata.maybeUpdate(network, 0);
        network.respond(network.next(ApiKey.METADATA), response(null, 0, 0), 0);
        network.breakConnection(1, 10);
        network.breakConnection(2, 10);
        metadata.requestUpdate();
        metadata.maybeUpdate(network, 500);
        assertThat(network.next(ApiKey.METADATA).nodeId()).isEqualTo(-1);
    }

    @Test
    void retriesAfterAFailedRequestWithBackoff() {
        network.reachable(-1);
        metadata.maybeUpdate(network, 0);
        network.fail(network.next(ApiKey.METADATA), new IOException("boom"), 0);
        long wait = metadata.maybeUpdate(network, 0);
        assertThat(wait).isGreaterThan(0);
        assertThat(network.hasInFlight(ApiKey.METADATA)).isFalse();
        metadata.maybeUpdate(network, wait);
        assertThat(network.hasInFlight(ApiKey.METADATA)).isTrue();
    }

    @Test
    void forgetsTopicsIdleLongerThanMaxIdle() {
        MetadataManager.Settings shortIdle = new MetadataManager.Settings(300_000, 1_000, 100, 1000, true, 300_000);
        MetadataManager m = new MetadataManager(bootstrap, shortIdle, (c, n) -> {}, () -> 0L);
        network.reachable(-1, 1);
        m.touch("old", 0);
        m.touch("fresh", 1_500);
        m.requestUpdate();
        m.maybeUpdate(network, 2_000);
        MetadataRequest request =
                (MetadataRequest) network.next(ApiKey.METADATA).request();
        assertThat(request.topics()).extracting(MetadataRequest.Topic::name).containsExactly("fresh");
    }
}
