package io.sluice.producer.internal.net.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.errors.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MechanismClientsTest {

    @Test
    void plainSendsEmptyAuthzidUserAndPasswordSeparatedByNul() {
        PlainClient client = new PlainClient("alice", "s3cret");

        assertThat(client.initialResponse()).isEqualTo("\0alice\0s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(client.evaluate(new byte[0])).isNull();
        assertThat(client.isComplete()).isTrue();
        assertThat(client.toString()).doesNotContain("s3cret");
    }

    @Test
    void oauthBearerFramesTheTokenAndExtensionsAsRfc7628Says() {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("traceId", "42");
        OAuthBearerClient client = new OAuthBearerClient("tok.en.", ext);

        assertThat(new String(client.initialResponse(), StandardCharsets.UTF_8))
                .isEqualTo("n,,\u0001auth=Bearer tok.en.\u0001traceId=42\u0001\u0001");
        assertThat(client.evaluate(new byte[0])).isNull();
        assertThat(client.isComplete()).isTrue();
    }

    @Test
    void oauthBearerAcknowledgesABrokerErrorWithOneSeparator() {
        OAuthBearerClient client = new OAuthBearerClient("t", Map.of());
        client.initialResponse();

        byte[] answer = client.evaluate("{\"status\":\"invalid_token\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer).containsExactly(1);
        assertThat(client.isComplete()).isFalse();
        assertThat(client.brokerError()).contains("invalid_token");
    }

    @Test
    void unsecuredJwtHasNoneAlgorithmClaimsAndAnEmptySignature() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("unsecuredLoginStringClaim_sub", "alice");
        options.put("unsecuredLoginNumberClaim_n", "7");
        options.put("unsecuredLoginListClaim_scope", ",read,write");
        options.put("unsecuredLoginLifetimeSeconds", "60");
        options.put("unsecuredLoginExtension_traceId", "42");

        String token = UnsecuredJwt.token(options, 1_700_000_000_000L);

        assertThat(token).endsWith(".");
        String[] parts = token.split("\\.");
        Base64.Decoder b64 = Base64.getUrlDecoder();
        assertThat(new String(b64.decode(parts[0]), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"none\"}");
        assertThat(new String(b64.decode(parts[1]), StandardCharsets.UTF_8))
                .isEqualTo("{\"iat\":1700000000,\"exp\":1700000060,\"sub\":\"alice\",\"n\":7,"
                        + "\"scope\":[\"read\",\"write\"]}");
        assertThat(UnsecuredJwt.extensions(options)).containsExactly(Map.entry("traceId", "42"));
    }

    @Test
    void unsecuredJwtNeedsThePrincipalClaim() {
        assertThatThrownBy(() -> UnsecuredJwt.token(Map.of("unsecuredLoginStringClaim_x", "y"), 0))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sub claim");
    }
}
