package io.sluice.producer.security;

import static io.sluice.producer.security.SecurityTestSupport.producesThrough;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.OAuthBearerTokenProvider;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Produces through every security protocol and mechanism to a real broker, and reads the records back. */
@ExtendWith(WithSecureKafka.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecureProduceTest {
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String OAUTH_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";

    static Map<String, Object> trustP12(SecureKafka s) {
        return Map.of(
                "ssl.truststore.location",
                s.pki.truststoreP12.toString(),
                "ssl.truststore.password",
                TestPki.STORE_PASSWORD,
                "ssl.truststore.type",
                "PKCS12");
    }

    static Map<String, Object> with(Map<String, Object> base, Object... more) {
        java.util.HashMap<String, Object> m = new java.util.HashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    static Map<String, Object> sasl(String protocol, String mechanism, String jaas) {
        return Map.of("security.protocol", protocol, "sasl.mechanism", mechanism, "sasl.jaas.config", jaas);
    }

    static String userJaas(String module, String user, String password) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    @AfterAll
    static void noSecretWasLoggedOrShownInAnyError(SecureKafka s) {
        SecurityTestSupport.assertNoSecretSeen(s);
    }

    @Test
    void tlsWithAPkcs12TrustStoreAndHostNameCheckingCarriesManyBatches(SecureKafka s) throws Exception {
        // 2000 records of 1 kB: requests larger than one TLS record and than the socket buffer.
        producesThrough(s, "SSL", with(trustP12(s), "security.protocol", "SSL"), 2000);
    }

    @Test
    void tlsCarriesRequestsMuchLargerThanTheSocketBuffer(SecureKafka s) throws Exception {
        // A 2 kB send buffer and 300 kB records: nearly every TLS record is left half-written at first.
        String topic = KafkaCluster.uniqueTopicName("tls-large");
        s.kafka.createTopic(topic, 1, 1);
        Map<String, Object> config = SecurityTestSupport.config(
                s.bootstrap("SSL"),
                with(trustP12(s), "security.protocol", "SSL", "send.buffer.bytes", 2048, "receive.buffer.bytes", 2048));
        String big = "y".repeat(300_000);
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(config)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, i + big));
            }
            producer.flush();
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(s.kafka.bootstrapServers()).readAll(topic, 10, SecurityTestSupport.WAIT);
        assertThat(stored).extracting(StoredRecord::valueString).allMatch(v -> v.endsWith(big));
        assertThat(stored)
                .extracting(r -> r.valueString().charAt(0))
                .containsExactly('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
    }

    @Test
    void tlsOneTwoWithAChosenCipherSuite(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "SSL",
                with(
                        trustP12(s),
                        "security.protocol",
                        "SSL",
                        "ssl.protocol",
                        "TLSv1.2",
                        "ssl.enabled.protocols",
                        "TLSv1.2",
                        "ssl.cipher.suites",
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                100);
    }

    @Test
    void tlsWithAJksTrustStore(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "SSL",
                Map.of(
                        "security.protocol",
                        "SSL",
                        "ssl.truststore.location",
                        s.pki.truststoreJks.toString(),
                        "ssl.truststore.password",
                        TestPki.STORE_PASSWORD),
                10);
    }

    @Test
    void tlsWithPemTrustedCertificates(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "SSL",
                Map.of(
                        "security.protocol", "SSL",
                        "ssl.truststore.type", "PEM",
                        "ssl.truststore.certificates", s.pki.caPem),
                10);
    }

    @Test
    void mutualTlsWithAPkcs12KeyStore(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "MTLS",
                with(
                        trustP12(s),
                        "security.protocol",
                        "SSL",
                        "ssl.keystore.type",
                        "PKCS12",
                        "ssl.keystore.location",
                        s.pki.brokerKeystore.toString(),
                        "ssl.keystore.password",
                        TestPki.STORE_PASSWORD,
                        "ssl.key.password",
                        TestPki.STORE_PASSWORD),
                10);
    }

    @Test
    void mutualTlsWithAPemKeyAndChain(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "MTLS",
                with(
                        trustP12(s),
                        "security.protocol",
                        "SSL",
                        "ssl.keystore.type",
                        "PEM",
                        "ssl.keystore.key",
                        s.pki.clientKeyPem,
                        "ssl.keystore.certificate.chain",
                        s.pki.clientChainPem),
                10);
    }

    @Test
    void saslPlaintextWithPlain(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "SASL_PLAINTEXT",
                sasl("SASL_PLAINTEXT", "PLAIN", userJaas(PLAIN_MODULE, "alice", SecureKafka.PLAIN_PASSWORD)),
                10);
    }

    @Test
    void saslPlaintextWithScramSha256(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "SASL_PLAINTEXT",
                sasl("SASL_PLAINTEXT", "SCRAM-SHA-256", userJaas(SCRAM_MODULE, "bob", SecureKafka.SCRAM_256_PASSWORD)),
                10);
    }

    @Test
    void saslPlaintextWithScramSha512(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "SASL_PLAINTEXT",
                sasl(
                        "SASL_PLAINTEXT",
                        "SCRAM-SHA-512",
                        userJaas(SCRAM_MODULE, "carol", SecureKafka.SCRAM_512_PASSWORD)),
                10);
    }

    @Test
    void saslPlaintextWithAnUnsecuredOAuthBearerToken(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "SASL_PLAINTEXT",
                sasl(
                        "SASL_PLAINTEXT",
                        "OAUTHBEARER",
                        OAUTH_MODULE + " required unsecuredLoginStringClaim_sub=\"dave\""
                                + " unsecuredLoginListClaim_scope=\",produce,describe\";"),
                10);
    }

    @Test
    void saslSslWithPlain(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "SASL_SSL",
                with(
                        trustP12(s),
                        sasl("SASL_SSL", "PLAIN", userJaas(PLAIN_MODULE, "alice", SecureKafka.PLAIN_PASSWORD))
                                .entrySet()
                                .stream()
                                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                                .toArray()),
                500);
    }

    @Test
    void saslSslWithScramSha512(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "SASL_SSL",
                with(
                        trustP12(s),
                        "security.protocol",
                        "SASL_SSL",
                        "sasl.mechanism",
                        "SCRAM-SHA-512",
                        "sasl.jaas.config",
                        userJaas(SCRAM_MODULE, "carol", SecureKafka.SCRAM_512_PASSWORD)),
                10);
    }

    @Test
    void saslSslWithOAuthBearerTokensFromAProvider(SecureKafka s) throws Exception {
        producesThrough(
                s,
                "SASL_SSL",
                with(
                        trustP12(s),
                        "security.protocol",
                        "SASL_SSL",
                        "sasl.mechanism",
                        "OAUTHBEARER",
                        "sasl.login.callback.handler.class",
                        UnsignedTokens.class.getName()),
                10);
    }

    /** A token provider as a user would write one; its tokens are unsigned, which the test broker accepts. */
    public static final class UnsignedTokens implements OAuthBearerTokenProvider {
        public UnsignedTokens() {}

        @Override
        public String token() {
            long now = System.currentTimeMillis() / 1000;
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
            String claims = b64.encodeToString(("{\"sub\":\"erin\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}")
                    .getBytes(StandardCharsets.UTF_8));
            return header + "." + claims + ".";
        }
    }
}
