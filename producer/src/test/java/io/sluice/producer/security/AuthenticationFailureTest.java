package io.sluice.producer.security;

import static io.sluice.producer.security.SecureProduceTest.trustP12;
import static io.sluice.producer.security.SecureProduceTest.userJaas;
import static io.sluice.producer.security.SecureProduceTest.with;
import static io.sluice.producer.security.SecurityTestSupport.WRONG_PASSWORD;
import static io.sluice.producer.security.SecurityTestSupport.failureThrough;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.errors.AuthenticationException;
import io.sluice.producer.errors.ConfigException;
import io.sluice.testkit.Poll;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each way authentication can go wrong fails the record quickly, with a message naming the broker and the reason,
 * instead of being retried in silence until a timeout.
 */
@ExtendWith(WithSecureKafka.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AuthenticationFailureTest {
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    @AfterAll
    static void noSecretWasLoggedOrShownInAnyError(SecureKafka s) {
        SecurityTestSupport.assertNoSecretSeen(s);
    }

    @Test
    void aWrongPlainPasswordNamesTheBrokerAndTheRefusal(SecureKafka s) {
        Throwable failure = failureThrough(
                s,
                "SASL_PLAINTEXT",
                Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", userJaas(PLAIN_MODULE, "alice", WRONG_PASSWORD)));

        assertThat(failure)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(s.bootstrap("SASL_PLAINTEXT"))
                .hasMessageContaining("SASL_AUTHENTICATION_FAILED");
    }

    @Test
    void aWrongPasswordCountsAsAFailedAuthenticationAndNeverAsASuccessfulOne(SecureKafka s) throws Exception {
        Map<String, Object> config = SecurityTestSupport.config(
                s.bootstrap("SASL_PLAINTEXT"),
                Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", userJaas(PLAIN_MODULE, "alice", WRONG_PASSWORD)));
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(config)) {
            Throwable thrown = catchThrowable(() -> producer.send(new ProducerRecord<>("never-created", "k", "v"))
                    .get(SecurityTestSupport.FAST.toSeconds(), TimeUnit.SECONDS));
            assertThat(thrown).hasCauseInstanceOf(AuthenticationException.class);
            SecurityTestSupport.remember(thrown);
            // The record fails just before the I/O thread counts the refusal.
            Poll.until(
                    "failed-authentication-total > 0",
                    SecurityTestSupport.WAIT,
                    () -> producer.metrics().get("failed-authentication-total").longValue() > 0);
            assertThat(producer.metrics().get("successful-authentication-total").longValue())
                    .isZero();
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void aWrongScramPasswordOverTlsNamesTheBrokerAndTheRefusal(SecureKafka s) {
        Throwable failure = failureThrough(
                s,
                "SASL_SSL",
                with(
                        trustP12(s),
                        "security.protocol",
                        "SASL_SSL",
                        "sasl.mechanism",
                        "SCRAM-SHA-512",
                        "sasl.jaas.config",
                        userJaas(SCRAM_MODULE, "carol", WRONG_PASSWORD)));

        assertThat(failure)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(s.bootstrap("SASL_SSL"))
                .hasMessageContaining("SASL_AUTHENTICATION_FAILED");
    }

    @Test
    void aMechanismTheListenerDoesNotEnableIsNamedWithTheOnesItDoes(SecureKafka s) {
        Throwable failure = failureThrough(
                s,
                "SASL_SSL",
                with(
                        trustP12(s),
                        "security.protocol",
                        "SASL_SSL",
                        "sasl.mechanism",
                        "SCRAM-SHA-256",
                        "sasl.jaas.config",
                        userJaas(SCRAM_MODULE, "bob", SecureKafka.SCRAM_256_PASSWORD)));

        assertThat(failure)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(s.bootstrap("SASL_SSL"))
                .hasMessageContaining("does not enable SASL mechanism SCRAM-SHA-256")
                .hasMessageContaining("SCRAM-SHA-512");
    }

    @Test
    void aMechanismSluiceDoesNotSpeakFailsAtConstruction(SecureKafka s) {
        Map<String, Object> config = SecurityTestSupport.config(
                s.bootstrap("SASL_PLAINTEXT"),
                Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "GSSAPI",
                        "sasl.jaas.config", userJaas(PLAIN_MODULE, "alice", WRONG_PASSWORD)));

        assertThatThrownBy(() -> new SluiceProducer<String, String>(config).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sasl.mechanism")
                .hasMessageContaining("GSSAPI")
                .satisfies(SecurityTestSupport::remember);
    }

    @Test
    void anExpiredOAuthBearerTokenIsRefusedWithTheBrokersReason(SecureKafka s) {
        Throwable failure = failureThrough(
                s,
                "SASL_PLAINTEXT",
                Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "OAUTHBEARER",
                        "sasl.jaas.config",
                                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                                        + " unsecuredLoginStringClaim_sub=\"dave\" unsecuredLoginLifetimeSeconds=\"-600\";"));

        assertThat(failure)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(s.bootstrap("SASL_PLAINTEXT"))
                .hasMessageContaining("SASL_AUTHENTICATION_FAILED")
                .hasMessageContaining("invalid_token");
    }

    @Test
    void aFailingTokenProviderIsNamed(SecureKafka s) {
        Throwable failure = failureThrough(
                s,
                "SASL_PLAINTEXT",
                Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "OAUTHBEARER",
                        "sasl.login.callback.handler.class", NoTokens.class.getName()));

        assertThat(failure)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(s.bootstrap("SASL_PLAINTEXT"))
                .hasMessageContaining(NoTokens.class.getName())
                .hasMessageContaining("identity provider unreachable");
    }

    /** A provider whose identity provider is down. */
    public static final class NoTokens implements io.sluice.producer.OAuthBearerTokenProvider {
        public NoTokens() {}

        @Override
        public String token() throws java.io.IOException {
            throw new java.io.IOException("identity provider unreachable");
        }
    }

    @Test
    void anUntrustedCertificateAuthorityIsNamedAsTheReason(SecureKafka s) {
        Throwable failure = failureThrough(
                s,
                "SSL",
                Map.of(
                        "security.protocol",
                        "SSL",
                        "ssl.truststore.location",
                        s.pki.otherCaTruststore.toString(),
                        "ssl.truststore.password",
                        TestPki.STORE_PASSWORD,
                        "ssl.truststore.type",
                        "PKCS12"));

        assertThat(failure)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(s.bootstrap("SSL"))
                .hasMessageContaining("not trusted");
    }

    @Test
    void aCertificateForAnotherHostIsRefused(SecureKafka s) {
        Throwable failure = failureThrough(s, "BADHOST", with(trustP12(s), "security.protocol", "SSL"));

        assertThat(failure)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(s.bootstrap("BADHOST"))
                .hasMessageContaining("does not match the host name");
    }

    @Test
    void theSameCertificateIsAcceptedWhenHostNameCheckingIsTurnedOff(SecureKafka s) throws Exception {
        SecurityTestSupport.producesThrough(
                s,
                "BADHOST",
                with(trustP12(s), "security.protocol", "SSL", "ssl.endpoint.identification.algorithm", ""),
                1);

        assertThat(SecurityTestSupport.LOG.text()).contains("ssl.endpoint.identification.algorithm is empty");
    }

    @Test
    void aPlaintextClientOnATlsPortIsToldTheListenerSpeaksTls(SecureKafka s) {
        Throwable failure = failureThrough(s, "SSL", Map.of("security.protocol", "PLAINTEXT"));

        assertThat(failure)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(s.bootstrap("SSL"))
                .hasMessageContaining("answered with a TLS record")
                .hasMessageContaining("security.protocol");
    }

    @Test
    void aTlsClientOnAPlaintextPortIsToldTheListenerDoesNotSpeakTls(SecureKafka s) {
        Throwable failure = failureThrough(s, "PLAINTEXT", with(trustP12(s), "security.protocol", "SSL"));

        assertThat(failure)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(s.kafka.bootstrapServers())
                .hasMessageContaining("during the TLS handshake")
                .hasMessageContaining("security.protocol");
    }
}
