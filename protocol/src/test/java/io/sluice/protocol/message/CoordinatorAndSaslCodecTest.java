package io.sluice.protocol.message;

import static io.sluice.protocol.message.Oracle.kafkaBytes;
import static io.sluice.protocol.message.Oracle.ourBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.junit.jupiter.api.Test;

/** FindCoordinator, SaslHandshake and SaslAuthenticate against kafka-clients. */
class CoordinatorAndSaslCodecTest {

    @Property(tries = 100)
    void findCoordinatorMatchesKafka(@ForAll long seed) {
        for (short v = ApiKey.FIND_COORDINATOR.oldestVersion(); v <= ApiKey.FIND_COORDINATOR.latestVersion(); v++) {
            Gen g = new Gen(seed);
            byte keyType = v == 0 ? FindCoordinatorRequest.GROUP : g.int8();
            List<String> keys = v <= 3 ? List.of(g.string()) : g.list(4, g::string);
            FindCoordinatorRequest ours = new FindCoordinatorRequest(keyType, keys);
            FindCoordinatorRequestData kafka = new FindCoordinatorRequestData().setKeyType(keyType);
            if (v <= 3) {
                kafka.setKey(keys.get(0));
            } else {
                kafka.setCoordinatorKeys(keys);
            }
            assertThat(ourBytes(ours, v)).as("v" + v).containsExactly(kafkaBytes(kafka, v));

            FindCoordinatorResponseData response =
                    new FindCoordinatorResponseData().setThrottleTimeMs(v >= 1 ? g.int32() : 0);
            List<FindCoordinatorResponse.Coordinator> expected = new ArrayList<>();
            if (v <= 3) {
                FindCoordinatorResponse.Coordinator c = new FindCoordinatorResponse.Coordinator(
                        null, g.int32(), g.string(), g.int32(), g.int16(), v >= 1 ? g.nullableString() : null);
                response.setNodeId(c.nodeId())
                        .setHost(c.host())
                        .setPort(c.port())
                        .setErrorCode(c.errorCode())
                        .setErrorMessage(c.errorMessage());
                expected.add(c);
            } else {
                for (int i = g.nonNegative(4); i > 0; i--) {
                    FindCoordinatorResponse.Coordinator c = new FindCoordinatorResponse.Coordinator(
                            g.string(), g.int32(), g.string(), g.int32(), g.int16(), g.nullableString());
                    response.coordinators()
                            .add(new FindCoordinatorResponseData.Coordinator()
                                    .setKey(c.key())
                                    .setNodeId(c.nodeId())
                                    .setHost(c.host())
                                    .setPort(c.port())
                                    .setErrorCode(c.errorCode())
                                    .setErrorMessage(c.errorMessage()));
                    expected.add(c);
                }
            }
            Oracle.assertReadsAndWrites(
                    kafkaBytes(response, v),
                    v,
                    FindCoordinatorResponse::read,
                    new FindCoordinatorResponse(response.throttleTimeMs(), expected));
        }
    }

    @Test
    void findCoordinatorRefusesBatchesBeforeV4() {
        FindCoordinatorRequest two = new FindCoordinatorRequest(FindCoordinatorRequest.TRANSACTION, List.of("a", "b"));
        assertThatThrownBy(() -> ourBytes(two, (short) 3)).hasMessageContaining("one key");
        assertThatThrownBy(() -> ourBytes(FindCoordinatorRequest.transaction("t"), (short) 0))
                .hasMessageContaining("group");
    }

    @Property(tries = 100)
    void saslHandshakeMatchesKafka(@ForAll long seed) {
        for (short v = 0; v <= 1; v++) {
            Gen g = new Gen(seed);
            SaslHandshakeRequest ours = new SaslHandshakeRequest(g.string());
            assertThat(ourBytes(ours, v))
                    .containsExactly(kafkaBytes(new SaslHandshakeRequestData().setMechanism(ours.mechanism()), v));
            SaslHandshakeResponseData response =
                    new SaslHandshakeResponseData().setErrorCode(g.int16()).setMechanisms(g.list(4, g::string));
            Oracle.assertReadsAndWrites(
                    kafkaBytes(response, v),
                    v,
                    SaslHandshakeResponse::read,
                    new SaslHandshakeResponse(response.errorCode(), response.mechanisms()));
        }
    }

    @Property(tries = 100)
    void saslAuthenticateMatchesKafka(@ForAll long seed) {
        for (short v = 0; v <= 2; v++) {
            Gen g = new Gen(seed);
            SaslAuthenticateRequest ours = new SaslAuthenticateRequest(g.bytes());
            assertThat(ourBytes(ours, v))
                    .containsExactly(kafkaBytes(new SaslAuthenticateRequestData().setAuthBytes(ours.authBytes()), v));
            SaslAuthenticateResponseData response = new SaslAuthenticateResponseData()
                    .setErrorCode(g.int16())
                    .setErrorMessage(g.nullableString())
                    .setAuthBytes(g.bytes())
                    .setSessionLifetimeMs(v >= 1 ? g.int64() : 0);
            Oracle.assertReadsAndWrites(
                    kafkaBytes(response, v),
                    v,
                    SaslAuthenticateResponse::read,
                    new SaslAuthenticateResponse(
                            response.errorCode(),
                            response.errorMessage(),
                            response.authBytes(),
                            response.sessionLifetimeMs()));
        }
    }

    @Test
    void saslAuthenticateRequestHidesTheTokenInToString() {
        assertThat(new SaslAuthenticateRequest("secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                .doesNotContain("secret")
                .contains("6 bytes");
    }
}
