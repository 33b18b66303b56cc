package io.sluice.protocol.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.ApiVersionsRequest;
import io.sluice.protocol.message.ApiVersionsResponse;
import io.sluice.protocol.message.MetadataRequest;
import io.sluice.protocol.message.MetadataResponse;
import io.sluice.protocol.message.SaslAuthenticateRequest;
import io.sluice.protocol.message.SaslAuthenticateResponse;
import io.sluice.protocol.message.SaslHandshakeRequest;
import io.sluice.protocol.message.SaslHandshakeResponse;
import io.sluice.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SaslHandshake and SaslAuthenticate against a real broker with a SASL/PLAIN listener, over a plain socket:
 * the exchange a client makes before anything else on such a listener.
 */
@Timeout(120)
class RealBrokerSaslTest {
    private static final String LISTENER = "SASL_PLAINTEXT";
    private static KafkaCluster kafka;

    @BeforeAll
    static void startBrokerWithPlainListener() {
        kafka = KafkaCluster.builder()
                .listener(LISTENER, "SASL_PLAINTEXT")
                .brokerProperty("sasl.enabled.mechanisms", "PLAIN")
                .brokerProperty(
                        "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " username=\"admin\" password=\"admin-secret\" user_alice=\"alice-secret\";")
                .start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void authenticatesWithPlainThenServesRequests() throws IOException {
        try (BlockingClient client = new BlockingClient(kafka.bootstrapServers(LISTENER))) {
            short av = ApiKey.API_VERSIONS.latestVersion();
            ApiVersionsResponse versions =
                    ApiVersionsResponse.read(client.send(new ApiVersionsRequest("sluice", "0.1.0"), av), av);
            short handshakeVersion = versions.pick(ApiKey.SASL_HANDSHAKE);
            short authenticateVersion = versions.pick(ApiKey.SASL_AUTHENTICATE);
            assertThat(handshakeVersion).isEqualTo((short) 1);
            assertThat(authenticateVersion).isEqualTo((short) 2);

            SaslHandshakeResponse handshake = SaslHandshakeResponse.read(
                    client.send(new SaslHandshakeRequest("PLAIN"), handshakeVersion), handshakeVersion);
            assertThat(handshake.error()).isEqualTo(Errors.NONE);
            assertThat(handshake.mechanisms()).containsExactly("PLAIN");

            SaslAuthenticateResponse authenticated = SaslAuthenticateResponse.read(
                    client.send(new SaslAuthenticateRequest(plain("alice", "alice-secret")), authenticateVersion),
                    authenticateVersion);
            assertThat(authenticated.error()).as(authenticated.errorMessage()).isEqualTo(Errors.NONE);

            short mv = ApiKey.METADATA.latestVersion();
            MetadataResponse metadata = MetadataResponse.read(client.send(MetadataRequest.allTopics(), mv), mv);
            assertThat(metadata.brokers()).isNotEmpty();
        }
    }

    @Test
    void refusesAWrongPasswordWithAMessage() throws IOException {
        try (BlockingClient client = new BlockingClient(kafka.bootstrapServers(LISTENER))) {
            SaslHandshakeResponse handshake =
                    SaslHandshakeResponse.read(client.send(new SaslHandshakeRequest("PLAIN"), (short) 1), (short) 1);
            assertThat(handshake.error()).isEqualTo(Errors.NONE);
            SaslAuthenticateResponse refused = SaslAuthenticateResponse.read(
                    client.send(new SaslAuthenticateRequest(plain("alice", "wrong")), (short) 2), (short) 2);
            assertThat(refused.error()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED);
            assertThat(refused.errorMessage()).isNotBlank();
        }
    }

    @Test
    void namesTheEnabledMechanismsWhenAskedForAnother() throws IOException {
        try (BlockingClient client = new BlockingClient(kafka.bootstrapServers(LISTENER))) {
            SaslHandshakeResponse handshake = SaslHandshakeResponse.read(
                    client.send(new SaslHandshakeRequest("SCRAM-SHA-512"), (short) 1), (short) 1);
            assertThat(handshake.error()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM);
            assertThat(handshake.mechanisms()).containsExactly("PLAIN");
        }
    }

    /** The PLAIN token: authorization id (empty), NUL, user, NUL, password. */
    private static byte[] plain(String user, String password) {
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }
}
