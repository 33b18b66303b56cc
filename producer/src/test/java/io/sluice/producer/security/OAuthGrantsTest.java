package io.sluice.producer.security;

import static io.sluice.producer.security.SecurityTestSupport.failureThrough;
import static io.sluice.producer.security.SecurityTestSupport.producesThrough;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.SluiceProducer;
import io.sluice.producer.errors.AuthenticationException;
import io.sluice.producer.errors.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Produces through a listener whose broker validates OAuth tokens (signature against the token server's JWKS,
 * audience and issuer), with the tokens Sluice fetches from a real token endpoint by each grant Kafka 4.4 has.
 */
@ExtendWith(WithSecureKafka.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OAuthGrantsTest {
    private static final String LOGIN_HANDLER =
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler";
    private static final String LOGIN_MODULE =
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;";
    private static final String JWT_BEARER_RETRIEVER =
            "org.apache.kafka.common.security.oauthbearer.JwtBearerJwtRetriever";

    /** The settings a kafka-clients 4.4 producer would have for the token endpoint, with no credential yet. */
    private static Map<String, Object> oauth(SecureKafka s) {
        Map<String, Object> config = new HashMap<>();
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "OAUTHBEARER");
        config.put("sasl.login.callback.handler.class", LOGIN_HANDLER);
        config.put("sasl.jaas.config", LOGIN_MODULE);
        config.put("sasl.oauthbearer.token.endpoint.url", s.oauth.tokenUrl());
        return config;
    }

    private static Map<String, Object> clientCredentials(SecureKafka s, String secret) {
        Map<String, Object> config = oauth(s);
        config.put("sasl.oauthbearer.client.credentials.client.id", SecureKafka.OAUTH_CLIENT_ID);
        config.put("sasl.oauthbearer.client.credentials.client.secret", secret);
        config.put("sasl.oauthbearer.scope", "produce");
        return config;
    }

    @Test
    void producesWithTheClientCredentialsGrant(SecureKafka s) throws Exception {
        int before = s.oauth.grantsIssued().size();

        producesThrough(s, "OAUTH", clientCredentials(s, SecureKafka.OAUTH_CLIENT_SECRET), 20);

        assertThat(s.oauth.grantsIssued().subList(before, s.oauth.grantsIssued().size()))
                .containsOnly("client_credentials");
    }

    @Test
    void takesTheClientIdAndSecretFromTheJaasOptions(SecureKafka s) throws Exception {
        Map<String, Object> config = oauth(s);
        config.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId=\""
                        + SecureKafka.OAUTH_CLIENT_ID + "\" clientSecret=\"" + SecureKafka.OAUTH_CLIENT_SECRET
                        + "\" scope=\"produce\";");

        producesThrough(s, "OAUTH", config, 5);
    }

    @Test
    void producesWithTheJwtBearerGrantSignedWithAnEncryptedRsaKey(SecureKafka s) throws Exception {
        Map<String, Object> config = oauth(s);
        config.put("sasl.oauthbearer.jwt.retriever.class", JWT_BEARER_RETRIEVER);
        config.put("sasl.oauthbearer.assertion.algorithm", "RS256");
        config.put("sasl.oauthbearer.assertion.private.key.file", s.oauthKeys.rsaEncryptedPem.toString());
        config.put("sasl.oauthbearer.assertion.private.key.passphrase", OAuthKeys.PASSPHRASE);
        config.put("sasl.oauthbearer.assertion.claim.iss", SecureKafka.ASSERTION_ISSUER_RSA);
        config.put("sasl.oauthbearer.assertion.claim.aud", s.oauth.issuer());
        config.put("sasl.oauthbearer.assertion.claim.jti.include", true);
        // The template names the subject, which the issued token (and so the broker's principal) carries.
        config.put(
                "sasl.oauthbearer.assertion.template.file",
                s.allowedFile("template.json", "{\"header\":{\"kid\":\"k1\"},\"payload\":{\"sub\":\"svc-orders\"}}")
                        .toString());
        int before = s.oauth.grantsIssued().size();

        producesThrough(s, "OAUTH", config, 20);

        assertThat(s.oauth.grantsIssued().subList(before, s.oauth.grantsIssued().size()))
                .containsOnly("jwt-bearer");
    }

    @Test
    void producesWithAClientAssertionSignedWithEs256(SecureKafka s) throws Exception {
        Map<String, Object> config = oauth(s);
        config.put("sasl.oauthbearer.client.credentials.client.id", SecureKafka.OAUTH_CLIENT_ID);
        config.put("sasl.oauthbearer.assertion.algorithm", "ES256");
        config.put("sasl.oauthbearer.assertion.private.key.file", s.oauthKeys.ecPem.toString());
        config.put("sasl.oauthbearer.assertion.claim.iss", SecureKafka.ASSERTION_ISSUER_EC);
        config.put("sasl.oauthbearer.assertion.claim.sub", SecureKafka.OAUTH_CLIENT_ID);
        config.put("sasl.oauthbearer.assertion.claim.aud", s.oauth.issuer());

        producesThrough(s, "OAUTH", config, 5);
    }

    @Test
    void aWrongSecretFailsTheSendWithAnAuthenticationErrorNamingTheEndpoint(SecureKafka s) {
        Throwable failure = failureThrough(s, "OAUTH", clientCredentials(s, SecurityTestSupport.WRONG_PASSWORD));

        assertThat(failure).isInstanceOf(AuthenticationException.class);
        assertThat(failure.getMessage())
                .contains("OAUTHBEARER")
                .contains("token endpoint " + s.oauth.tokenUrl())
                .contains("HTTP 401")
                .contains("invalid_client")
                .doesNotContain(SecurityTestSupport.WRONG_PASSWORD);
    }

    @Test
    void aTokenEndpointNotAllowListedFailsProducerCreation(SecureKafka s) {
        Map<String, Object> config = SecurityTestSupport.config(s.bootstrap("OAUTH"), clientCredentials(s, "x"));
        config.put("sasl.oauthbearer.token.endpoint.url", "http://127.0.0.1:1/not-listed");

        assertThatThrownBy(() -> new SluiceProducer<String, String>(config).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("org.apache.kafka.sasl.oauthbearer.allowed.urls");
    }

    @AfterAll
    static void noTokenOrSecretWasLoggedOrShown(SecureKafka s) {
        String seen = SecurityTestSupport.everythingSeen();
        List<String> tokens = s.oauth.tokensIssued();
        assertThat(tokens).isNotEmpty();
        for (String token : tokens) {
            assertThat(seen).doesNotContain(token);
        }
        SecurityTestSupport.assertNoSecretSeen(s);
    }
}
