package io.sluice.protocol.message;

import static io.sluice.protocol.message.Oracle.kafkaBytes;
import static io.sluice.protocol.message.Oracle.ourBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ProtocolException;
import io.sluice.protocol.types.Uuid;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsRequestData;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsResponseData;
import org.apache.kafka.common.message.PushTelemetryRequestData;
import org.apache.kafka.common.message.PushTelemetryResponseData;
import org.junit.jupiter.api.Test;

/** GetTelemetrySubscriptions and PushTelemetry (KIP-714): golden bytes, and kafka-clients as the reference. */
class TelemetryCodecTest {
    private static final short V0 = 0;

    @Test
    void writesGoldenFirstSubscriptionRequest() {
        byte[] expected = Golden.bytes(
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // client_instance_id: zero, none assigned yet
                "00"); // no tagged fields
        assertThat(ourBytes(new GetTelemetrySubscriptionsRequest(Uuid.ZERO), V0))
                .containsExactly(expected);
    }

    @Test
    void readsGoldenSubscriptionResponse() {
        byte[] body = Golden.bytes(
                "00 00 00 00", // throttle_time_ms 0
                "00 00", // error_code NONE
                "00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02", // client_instance_id
                "00 00 00 2a", // subscription_id 42
                "03", // accepted_compression_types: compact count 2+1
                "04 01", // zstd, gzip
                "00 00 13 88", // push_interval_ms 5000
                "00 10 00 00", // telemetry_max_bytes 1 MiB
                "01", // delta_temporality true
                "02", // requested_metrics: compact count 1+1
                "1b", // compact length 26+1
                "'org.apache.kafka.producer.'",
                "00"); // no tagged fields
        GetTelemetrySubscriptionsResponse response = GetTelemetrySubscriptionsResponse.read(ByteReader.of(body), V0);
        assertThat(response)
                .isEqualTo(new GetTelemetrySubscriptionsResponse(
                        0,
                        (short) 0,
                        new Uuid(1, 2),
                        42,
                        List.of((byte) 4, (byte) 1),
                        5000,
                        1 << 20,
                        true,
                        List.of("org.apache.kafka.producer.")));
        assertThat(response.error()).isEqualTo(Errors.NONE);
        assertThat(ourBytes(response, V0)).containsExactly(body);
    }

    @Test
    void writesGoldenPush() {
        byte[] expected = Golden.bytes(
                "00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02", // client_instance_id
                "00 00 00 07", // subscription_id 7
                "01", // terminating
                "00", // compression_type none
                "04", // metrics: compact length 3+1
                "0a 01 02", // the payload as given
                "00"); // no tagged fields
        PushTelemetryRequest push = new PushTelemetryRequest(new Uuid(1, 2), 7, true, (byte) 0, new byte[] {10, 1, 2});
        assertThat(ourBytes(push, V0)).containsExactly(expected);
        assertThat(PushTelemetryRequest.read(ByteReader.of(expected), V0)).isEqualTo(push);
    }

    @Property(tries = 100)
    void getTelemetrySubscriptionsMatchesKafka(@ForAll long seed) {
        Gen g = new Gen(seed);
        GetTelemetrySubscriptionsRequest ours = new GetTelemetrySubscriptionsRequest(g.uuid());
        GetTelemetrySubscriptionsRequestData kafka =
                new GetTelemetrySubscriptionsRequestData().setClientInstanceId(Oracle.toKafka(ours.clientInstanceId()));
        assertThat(ourBytes(ours, V0)).containsExactly(kafkaBytes(kafka, V0));

        GetTelemetrySubscriptionsResponse expected = new GetTelemetrySubscriptionsResponse(
                g.int32(),
                g.int16(),
                g.uuid(),
                g.int32(),
                g.list(5, g::int8),
                g.int32(),
                g.int32(),
                g.bool(),
                g.list(4, g::string));
        GetTelemetrySubscriptionsResponseData response = new GetTelemetrySubscriptionsResponseData()
                .setThrottleTimeMs(expected.throttleTimeMs())
                .setErrorCode(expected.errorCode())
                .setClientInstanceId(Oracle.toKafka(expected.clientInstanceId()))
                .setSubscriptionId(expected.subscriptionId())
                .setAcceptedCompressionTypes(expected.acceptedCompressionTypes())
                .setPushIntervalMs(expected.pushIntervalMs())
                .setTelemetryMaxBytes(expected.telemetryMaxBytes())
                .setDeltaTemporality(expected.deltaTemporality())
                .setRequestedMetrics(expected.requestedMetrics());
        Oracle.assertReadsAndWrites(kafkaBytes(response, V0), V0, GetTelemetrySubscriptionsResponse::read, expected);
    }

    @Property(tries = 100)
    void pushTelemetryMatchesKafka(@ForAll long seed) {
        Gen g = new Gen(seed);
        PushTelemetryRequest ours = new PushTelemetryRequest(g.uuid(), g.int32(), g.bool(), g.int8(), g.bytes());
        PushTelemetryRequestData kafka = new PushTelemetryRequestData()
                .setClientInstanceId(Oracle.toKafka(ours.clientInstanceId()))
                .setSubscriptionId(ours.subscriptionId())
                .setTerminating(ours.terminating())
                .setCompressionType(ours.compressionType())
                .setMetrics(ByteBuffer.wrap(ours.metrics()));
        assertThat(ourBytes(ours, V0)).containsExactly(kafkaBytes(kafka, V0));

        PushTelemetryResponseData response =
                new PushTelemetryResponseData().setThrottleTimeMs(g.int32()).setErrorCode(g.int16());
        Oracle.assertReadsAndWrites(
                kafkaBytes(response, V0),
                V0,
                PushTelemetryResponse::read,
                new PushTelemetryResponse(response.throttleTimeMs(), response.errorCode()));
    }

    @Test
    void refusesATruncatedSubscriptionWithAProtocolError() {
        byte[] body = Golden.bytes("00 00 00 00", "00 00", "00 00 00 00 00 00 00 01");
        assertThatThrownBy(() -> GetTelemetrySubscriptionsResponse.read(ByteReader.of(body), V0))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void refusesAVersionItDoesNotSpeak() {
        assertThatThrownBy(() -> ourBytes(new GetTelemetrySubscriptionsRequest(Uuid.ZERO), (short) 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GET_TELEMETRY_SUBSCRIPTIONS");
    }
}
