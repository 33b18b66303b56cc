package io.sluice.producer.security;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.oauth.OAuthTokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One broker, started once per test run, with a listener for every case the security tests need:
 *
 * <pre>
 *   PLAINTEXT       the kit's own, for reading records back
 *   SSL             certificate for 127.0.0.1 and localhost, signed by the test CA
 *   BADHOST         SSL, but the certificate names wrong.example
 *   MTLS            SSL with ssl.client.auth=required
 *   SASL_PLAINTEXT  PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER (unsecured JWTs)
 *   SASL_SSL        PLAIN, SCRAM-SHA-512, OAUTHBEARER; not SCRAM-SHA-256, for the unknown-mechanism case
 *   OAUTH           SASL_PLAINTEXT, OAUTHBEARER validated against {@link #oauth}'s JWKS (signed tokens only)
 * </pre>
 *
 * The token server {@link #oauth} knows the client {@link #OAUTH_CLIENT_ID}/{@link #OAUTH_CLIENT_SECRET} and trusts
 * assertions signed by {@link #oauthKeys} with issuer {@link #ASSERTION_ISSUER_RSA} (RSA) or
 * {@link #ASSERTION_ISSUER_EC} (EC). The key files are allowed in {@code org.apache.kafka.sasl.oauthbearer.allowed.files}.
 *
 * Sessions of SCRAM-SHA-256 on SASL_PLAINTEXT and of PLAIN on SASL_SSL last 2 s ({@code connections.max.reauth.ms}).
 * Users: alice/alice-secret (PLAIN), bob/bob-secret (SCRAM-SHA-256), carol/carol-secret (SCRAM-SHA-512).
 */
final class SecureKafka implements AutoCloseable {
    static final String PLAIN_PASSWORD = "alice-secret-7c1e";
    static final String SCRAM_256_PASSWORD = "bob-secret-91ab";
    static final String SCRAM_512_PASSWORD = "carol-secret-55d0";
    static final String OAUTH_CLIENT_ID = "sluice-app";
    static final String OAUTH_CLIENT_SECRET = "oauth-secret-8d2f71";
    static final String OAUTH_AUDIENCE = "sluice-kafka";
    static final String ASSERTION_ISSUER_RSA = "sluice-assertion-rsa";
    static final String ASSERTION_ISSUER_EC = "sluice-assertion-ec";

    final TestPki pki;
    final OAuthTokenServer oauth;
    final OAuthKeys oauthKeys;
    final KafkaCluster kafka;

    private SecureKafka() throws Exception {
        this.pki = TestPki.create();
        this.oauthKeys = OAuthKeys.create(pki.dir);
        allowFiles(oauthKeys.rsaEncryptedPem, oauthKeys.ecPem);
        this.oauth = OAuthTokenServer.start(OAUTH_AUDIENCE)
                .client(OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET)
                .assertionKey(ASSERTION_ISSUER_RSA, oauthKeys.rsa.getPublic())
                .assertionKey(ASSERTION_ISSUER_EC, oauthKeys.ec.getPublic());
        String pw = TestPki.STORE_PASSWORD;
        KafkaCluster.Builder builder = KafkaCluster.builder()
                .listener("SSL", "SSL")
                .listener("BADHOST", "SSL")
                .listener("MTLS", "SSL")
                .listener("SASL_PLAINTEXT", "SASL_PLAINTEXT")
                .listener("SASL_SSL", "SASL_SSL")
                .listener("OAUTH", "SASL_PLAINTEXT")
                .brokerProperty("ssl.keystore.type", "PKCS12")
                .brokerProperty("ssl.keystore.location", pki.brokerKeystore.toString())
                .brokerProperty("ssl.keystore.password", pw)
                .brokerProperty("ssl.key.password", pw)
                .brokerProperty("ssl.truststore.type", "PKCS12")
                .brokerProperty("ssl.truststore.location", pki.truststoreP12.toString())
                .brokerProperty("ssl.truststore.password", pw)
                .brokerProperty("listener.name.badhost.ssl.keystore.type", "PKCS12")
                .brokerProperty("listener.name.badhost.ssl.keystore.location", pki.wrongHostKeystore.toString())
                .brokerProperty("listener.name.badhost.ssl.keystore.password", pw)
                .brokerProperty("listener.name.badhost.ssl.key.password", pw)
                .brokerProperty("listener.name.mtls.ssl.client.auth", "required")
                .brokerProperty("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER")
                .brokerProperty("listener.name.sasl_ssl.sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512,OAUTHBEARER")
                // Short sessions (KIP-368) for two mechanisms, so the re-authentication tests see several.
                .brokerProperty("listener.name.sasl_plaintext.scram-sha-256.connections.max.reauth.ms", "2000")
                .brokerProperty("listener.name.sasl_ssl.plain.connections.max.reauth.ms", "2000")
                .scramUser("SCRAM-SHA-256", "bob", SCRAM_256_PASSWORD)
                .scramUser("SCRAM-SHA-512", "carol", SCRAM_512_PASSWORD);
        for (String listener : new String[] {"sasl_plaintext", "sasl_ssl"}) {
            String prefix = "listener.name." + listener + ".";
            builder.brokerProperty(
                            prefix + "plain.sasl.jaas.config",
                            "org.apache.kafka.common.security.plain.PlainLoginModule required user_alice=\""
                                    + PLAIN_PASSWORD + "\";")
                    .brokerProperty(
                            prefix + "scram-sha-256.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                    .brokerProperty(
                            prefix + "scram-sha-512.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                    .brokerProperty(
                            prefix + "oauthbearer.sasl.jaas.config",
                            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                                    + " unsecuredLoginStringClaim_sub=\"broker\";");
        }
        oauth.brokerSettings("OAUTH").forEach(builder::brokerProperty);
        this.kafka = builder.start();
    }

    /** Adds files to the system property that lists what Kafka's, and Sluice's, OAuth login may read. */
    static void allowFiles(Path... files) {
        String key = "org.apache.kafka.sasl.oauthbearer.allowed.files";
        StringBuilder allowed = new StringBuilder(System.getProperty(key, ""));
        for (Path file : files) {
            allowed.append(allowed.length() == 0 ? "" : ",").append(file.toAbsolutePath());
        }
        System.setProperty(key, allowed.toString());
    }

    /** A file in the test's temporary directory holding {@code text}, allowed for the OAuth login. */
    Path allowedFile(String name, String text) throws java.io.IOException {
        Path file = Files.writeString(pki.dir.resolve(name), text);
        allowFiles(file);
        return file;
    }

    /** The shared instance, started on first use and closed when the test run ends. */
    static SecureKafka get(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(SecureKafka.class))
                .getOrComputeIfAbsent("cluster", k -> start(), SecureKafka.class);
    }

    private static SecureKafka start() {
        try {
            return new SecureKafka();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the secured cluster", e);
        }
    }

    /** {@code host:port} of a listener, e.g. {@code SASL_SSL}. */
    String bootstrap(String listener) {
        return kafka.bootstrapServers(listener.toUpperCase(Locale.ROOT));
    }

    @Override
    public void close() {
        kafka.close();
        oauth.close();
    }
}
