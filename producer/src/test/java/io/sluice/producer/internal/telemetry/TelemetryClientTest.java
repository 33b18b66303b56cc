package io.sluice.producer.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.Node;
import io.sluice.producer.internal.net.ResponseHandler;
import io.sluice.producer.internal.net.ScriptedNetwork;
import io.sluice.producer.metrics.Metric;
import io.sluice.producer.metrics.MetricName;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.GetTelemetrySubscriptionsRequest;
import io.sluice.protocol.message.PushTelemetryRequest;
import io.sluice.protocol.record.BlockCompression;
import io.sluice.protocol.record.CompressionType;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.Uuid;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsResponseData;
import org.apache.kafka.common.message.PushTelemetryResponseData;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Metric.DataCase;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.MetricsData;
import org.junit.jupiter.api.Test;

/** The KIP-714 client stepped by hand over a scripted network and clock. */
class TelemetryClientTest {
    private static final org.apache.kafka.common.Uuid ASSIGNED = new org.apache.kafka.common.Uuid(11, 22);
    private static final int INTERVAL = 1000;

    private final ScriptedNetwork network = new ScriptedNetwork().reachable(1);
    private final Map<MetricName, Metric> metrics = new ConcurrentHashMap<>();
    private final TelemetryClient client = new TelemetryClient(
            network,
            () -> List.of(new Node(1, "b1", 9092, null)),
            new MetricsCollector(() -> metrics, 0),
            Map.of("client_id", "c"),
            100,
            1000,
            new Random(1));
    private static final ResponseHandler IGNORED = new ResponseHandler() {
        @Override
        public void onResponse(ByteReader body, short version, long nowMs) {}

        @Override
        public void onFailure(IOException cause, long nowMs) {}
    };

    private long now = 1_000;

    TelemetryClientTest() {
        metric("record-send-total", "producer-metrics", 5);
        metric("record-send-rate", "producer-metrics", 2.5);
        metric("request-latency-avg", "producer-node-metrics", 3);
    }

    @Test
    void subscribesWithTheZeroIdThenPushesTheSubscribedMetricsWithTheAssignedId() throws Exception {
        client.poll(now);
        ScriptedNetwork.Sent get = network.next(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS);
        assertThat(((GetTelemetrySubscriptionsRequest) get.request()).clientInstanceId())
                .isEqualTo(Uuid.ZERO);
        assertThat(client.clientInstanceId(Duration.ZERO))
                .as("not assigned yet")
                .isNull();
        network.respond(get, subscription(7, List.of("org.apache.kafka.producer.record."), (byte) 1), now);
        assertThat(client.clientInstanceId(Duration.ZERO)).isEqualTo(new UUID(11, 22));

        PushTelemetryRequest push = pushAfterInterval();
        assertThat(push.clientInstanceId()).isEqualTo(new Uuid(11, 22));
        assertThat(push.subscriptionId()).isEqualTo(7);
        assertThat(push.terminating()).isFalse();
        MetricsData data = decode(push);
        assertThat(data.getResourceMetrics(0).getScopeMetrics(0).getMetricsList())
                .extracting(org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Metric::getName)
                .containsExactlyInAnyOrder(
                        "org.apache.kafka.producer.record.send.total", "org.apache.kafka.producer.record.send.rate");
        assertThat(data.getResourceMetrics(0).getScopeMetrics(0).getMetricsList())
                .filteredOn(m -> m.getName().endsWith(".total"))
                .allMatch(m -> m.getDataCase() == DataCase.SUM);
    }

    @Test
    void subscribesAgainOnUnknownSubscriptionIdCarryingItsId() {
        subscribe(List.of(""));
        ScriptedNetwork.Sent push = network.next(ApiKey.PUSH_TELEMETRY);
        network.respond(push, new PushTelemetryResponseData().setErrorCode((short) 117), now);
        client.poll(now);
        ScriptedNetwork.Sent again = network.next(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS);
        assertThat(((GetTelemetrySubscriptionsRequest) again.request()).clientInstanceId())
                .isEqualTo(new Uuid(11, 22));
    }

    @Test
    void pushesAgainEveryInterval() {
        subscribe(List.of(""));
        network.respond(network.next(ApiKey.PUSH_TELEMETRY), new PushTelemetryResponseData(), now);
        assertThat(client.poll(now)).isEqualTo(INTERVAL);
        now += INTERVAL - 1;
        client.poll(now);
        assertThat(network.hasInFlight(ApiKey.PUSH_TELEMETRY)).isFalse();
        now += 1;
        client.poll(now);
        assertThat(network.hasInFlight(ApiKey.PUSH_TELEMETRY)).isTrue();
    }

    @Test
    void turnsOffWithoutASoundWhenTheBrokerLacksTheApis() throws Exception {
        network.version(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS, -1);
        assertThat(client.poll(now)).isEqualTo(Long.MAX_VALUE);
        now += 10 * INTERVAL;
        client.poll(now);
        assertThat(network.sent()).isEmpty();
        assertThat(client.clientInstanceId(Duration.ofDays(1)))
                .as("answers at once")
                .isNull();
        client.initiateClose();
        assertThat(client.hasPendingWork()).isFalse();
    }

    @Test
    void anEmptySubscriptionPushesNothingAndAsksAgainAfterTheInterval() {
        client.poll(now);
        network.respond(network.next(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS), subscription(3, List.of()), now);
        now += INTERVAL - 1;
        client.poll(now);
        assertThat(network.inFlight()).isEmpty();
        now += 1;
        client.poll(now);
        assertThat(network.hasInFlight(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS)).isTrue();
        assertThat(network.sent()).noneMatch(s -> s.request().apiKey() == ApiKey.PUSH_TELEMETRY);
    }

    @Test
    void closingSendsOneTerminatingPush() {
        subscribe(List.of(""));
        network.respond(network.next(ApiKey.PUSH_TELEMETRY), new PushTelemetryResponseData(), now);
        client.initiateClose();
        assertThat(client.hasPendingWork()).isTrue();
        client.poll(now);
        ScriptedNetwork.Sent last = network.next(ApiKey.PUSH_TELEMETRY);
        assertThat(((PushTelemetryRequest) last.request()).terminating()).isTrue();
        network.respond(last, new PushTelemetryResponseData(), now);
        assertThat(client.hasPendingWork()).isFalse();
        client.poll(now + 10 * INTERVAL);
        assertThat(network.inFlight()).isEmpty();
    }

    @Test
    void theTerminatingPushWaitsForAFreeInFlightSlot() {
        subscribe(List.of(""));
        network.respond(network.next(ApiKey.PUSH_TELEMETRY), new PushTelemetryResponseData(), now);
        network.maxInFlight(1);
        network.send(1, new GetTelemetrySubscriptionsRequest(Uuid.ZERO), true, IGNORED, now); // a slot taken
        client.initiateClose();
        client.poll(now);
        assertThat(network.hasInFlight(ApiKey.PUSH_TELEMETRY)).isFalse();
        assertThat(client.hasPendingWork()).isTrue();
        network.respond(network.next(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS), subscription(7, List.of("")), now);
        client.poll(now);
        assertThat(((PushTelemetryRequest) network.next(ApiKey.PUSH_TELEMETRY).request()).terminating())
                .isTrue();
    }

    @Test
    void aPushTooLargeForTheBrokerIsSkippedNotSent() {
        client.poll(now);
        network.respond(
                network.next(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS),
                subscription(7, List.of("")).setTelemetryMaxBytes(10),
                now);
        now += client.poll(now);
        assertThat(client.poll(now)).isEqualTo(INTERVAL);
        assertThat(network.sent()).noneMatch(s -> s.request().apiKey() == ApiKey.PUSH_TELEMETRY);
    }

    @Test
    void aLostConnectionLeadsToANewSubscriptionAfterABackoff() {
        subscribe(List.of(""));
        network.fail(network.next(ApiKey.PUSH_TELEMETRY), new IOException("reset"), now);
        long wait = client.poll(now);
        assertThat(wait).isPositive().isLessThan(1000);
        client.poll(now + wait);
        assertThat(network.hasInFlight(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS)).isTrue();
    }

    @Test
    void compressesWithTheBrokersPreferredCodecWhenItShrinksThePayload() throws Exception {
        for (int i = 0; i < 50; i++) {
            metric("record-size-avg-" + i, "producer-metrics", i);
        }
        client.poll(now);
        network.respond(
                network.next(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS),
                subscription(7, List.of(""), (byte) 4, (byte) 1),
                now);
        PushTelemetryRequest push = pushAfterInterval();
        assertThat(push.compressionType()).isEqualTo((byte) CompressionType.ZSTD.id());
        assertThat(decode(push).getResourceMetrics(0).getScopeMetrics(0).getMetricsCount())
                .isEqualTo(53);
    }

    private void subscribe(List<String> prefixes) {
        client.poll(now);
        network.respond(network.next(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS), subscription(7, prefixes), now);
        pushAfterInterval();
    }

    /** Steps the clock to the first push, which comes 0.5 to 1.5 intervals after the subscription. */
    private PushTelemetryRequest pushAfterInterval() {
        long wait = client.poll(now);
        assertThat(wait).isBetween((long) INTERVAL / 2, (long) INTERVAL * 3 / 2);
        now += wait;
        client.poll(now);
        return (PushTelemetryRequest) network.next(ApiKey.PUSH_TELEMETRY).request();
    }

    private static GetTelemetrySubscriptionsResponseData subscription(
            int id, List<String> prefixes, Byte... compression) {
        return new GetTelemetrySubscriptionsResponseData()
                .setClientInstanceId(ASSIGNED)
                .setSubscriptionId(id)
                .setPushIntervalMs(INTERVAL)
                .setTelemetryMaxBytes(1 << 20)
                .setAcceptedCompressionTypes(List.of(compression))
                .setRequestedMetrics(prefixes);
    }

    private static MetricsData decode(PushTelemetryRequest push) throws Exception {
        CompressionType type = CompressionType.forId(push.compressionType());
        return MetricsData.parseFrom(BlockCompression.decompress(type, push.metrics(), 1 << 20));
    }

    private void metric(String name, String group, double value) {
        MetricName metricName = new MetricName(name, group, "", Map.of("client-id", "c"));
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public double value() {
                return value;
            }
        });
    }
}
