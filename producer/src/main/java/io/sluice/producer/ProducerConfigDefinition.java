package io.sluice.producer;

import static io.sluice.producer.ConfigDef.NO_DEFAULT;
import static io.sluice.producer.ConfigDef.atLeast;
import static io.sluice.producer.ConfigDef.between;
import static io.sluice.producer.ConfigDef.betweenDouble;
import static io.sluice.producer.ConfigDef.in;
import static io.sluice.producer.ConfigDef.inIgnoreCase;
import static io.sluice.producer.ConfigDef.noDuplicates;
import static io.sluice.producer.ConfigDef.nonEmptyStringOrNull;
import static io.sluice.producer.ProducerConfig.*;

import io.sluice.producer.ConfigDef.Type;
import io.sluice.producer.errors.ConfigException;

/** Every producer setting of Apache Kafka 4.x that applies, with its type, default, rule and meaning. */
final class ProducerConfigDefinition {
    private ProducerConfigDefinition() {}

    static ConfigDef build() {
        ConfigDef def = new ConfigDef();
        defineCore(def);
        defineNetwork(def);
        defineMetrics(def);
        defineSsl(def);
        defineSasl(def);
        return def;
    }

    private static void defineCore(ConfigDef def) {
        def.define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, NO_DEFAULT, "host:port pairs used to find the cluster.")
                .define(
                        BUFFER_MEMORY_CONFIG,
                        Type.LONG,
                        32L * 1024 * 1024,
                        atLeast(0),
                        "Bytes of records held for sending.")
                .define(
                        RETRIES_CONFIG,
                        Type.INT,
                        Integer.MAX_VALUE,
                        between(0, Integer.MAX_VALUE),
                        "Retries per batch.")
                .define(ACKS_CONFIG, Type.STRING, "all", in("all", "-1", "0", "1"), "Acknowledgements required.")
                .define(
                        COMPRESSION_TYPE_CONFIG,
                        Type.STRING,
                        "none",
                        in("none", "gzip", "snappy", "lz4", "zstd"),
                        "Batch compression codec.")
                .define(COMPRESSION_GZIP_LEVEL_CONFIG, Type.INT, -1, ProducerConfigDefinition::gzipLevel, "Gzip level.")
                .define(COMPRESSION_LZ4_LEVEL_CONFIG, Type.INT, 9, between(1, 17), "LZ4 level.")
                .define(COMPRESSION_ZSTD_LEVEL_CONFIG, Type.INT, 3, between(-131072, 22), "Zstandard level.")
                .define(
                        BUFFER_MEMORY_ALLOCATION_STRATEGY_CONFIG,
                        Type.STRING,
                        "full",
                        inIgnoreCase("full", "incremental"),
                        "Whole batch.size up front, or memory as records arrive.")
                .define(BATCH_SIZE_CONFIG, Type.INT, 16384, atLeast(0), "Batch size bound in bytes.")
                .define(
                        PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG,
                        Type.BOOLEAN,
                        true,
                        "Favour partitions on faster brokers for keyless records.")
                .define(
                        PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG,
                        Type.LONG,
                        0L,
                        atLeast(0),
                        "Skip partitions whose leader stalls longer than this (0: never).")
                .define(PARTITIONER_IGNORE_KEYS_CONFIG, Type.BOOLEAN, false, "Partition keyed records as keyless.")
                .define(
                        PARTITIONER_RACK_AWARE_CONFIG,
                        Type.BOOLEAN,
                        false,
                        "Keyless records prefer partitions led in client.rack.")
                .define(CLIENT_RACK_CONFIG, Type.STRING, "", "This client's rack, as the brokers' broker.rack.")
                .define(
                        PARTITIONER_RESIZE_ORDERING_CONFIG,
                        Type.STRING,
                        "drain",
                        in("drain", "none"),
                        "Sluice only: keep per-key order when partitions are added (drain) or not (none).")
                .define(
                        METRICS_ENABLED_CONFIG,
                        Type.BOOLEAN,
                        true,
                        "Sluice only: false records and registers no metric, to measure what metrics cost.")
                .define(LINGER_MS_CONFIG, Type.LONG, 5L, atLeast(0), "Wait for more records this long.")
                .define(DELIVERY_TIMEOUT_MS_CONFIG, Type.INT, 120_000, atLeast(0), "Bound from send to outcome.")
                .define(CLIENT_ID_CONFIG, Type.STRING, "", "Name sent to brokers.")
                .define(MAX_REQUEST_SIZE_CONFIG, Type.INT, 1024 * 1024, atLeast(0), "Largest request in bytes.")
                .define(MAX_BLOCK_MS_CONFIG, Type.LONG, 60_000L, atLeast(0), "Longest time a call may block.")
                .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 30_000, atLeast(0), "Wait for a broker's answer.")
                .define(METADATA_MAX_AGE_CONFIG, Type.LONG, 300_000L, atLeast(0), "Refresh metadata this often.")
                .define(METADATA_MAX_IDLE_CONFIG, Type.LONG, 300_000L, atLeast(5000), "Forget idle topics.")
                .define(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, Type.INT, 5, atLeast(1), "In-flight requests.")
                .define(KEY_SERIALIZER_CLASS_CONFIG, Type.CLASS, NO_DEFAULT, "Key serializer.")
                .define(VALUE_SERIALIZER_CLASS_CONFIG, Type.CLASS, NO_DEFAULT, "Value serializer.")
                .define(PARTITIONER_CLASS_CONFIG, Type.CLASS, null, "Custom partitioner.")
                .define(INTERCEPTOR_CLASSES_CONFIG, Type.LIST, "", noDuplicates(), "Interceptors.")
                .define(ENABLE_IDEMPOTENCE_CONFIG, Type.BOOLEAN, true, "Exactly once per partition.")
                .define(TRANSACTION_TIMEOUT_CONFIG, Type.INT, 60_000, "Transaction timeout.")
                .define(TRANSACTIONAL_ID_CONFIG, Type.STRING, null, nonEmptyStringOrNull(), "Transactional id.")
                .define(TRANSACTION_TWO_PHASE_COMMIT_ENABLE_CONFIG, Type.BOOLEAN, false, "Two-phase commit.")
                .define(CONFIG_PROVIDERS_CONFIG, Type.LIST, "", noDuplicates(), "Config providers (accepted).");
    }

    private static void defineNetwork(ConfigDef def) {
        def.define(
                        CLIENT_DNS_LOOKUP_CONFIG,
                        Type.STRING,
                        "use_all_dns_ips",
                        in("use_all_dns_ips", "resolve_canonical_bootstrap_servers_only"),
                        "Name resolution.")
                .define(SEND_BUFFER_CONFIG, Type.INT, 128 * 1024, atLeast(-1), "SO_SNDBUF; -1: OS default.")
                .define(RECEIVE_BUFFER_CONFIG, Type.INT, 32 * 1024, atLeast(-1), "SO_RCVBUF; -1: OS default.")
                .define(RECONNECT_BACKOFF_MS_CONFIG, Type.LONG, 50L, atLeast(0), "First reconnect wait.")
                .define(RECONNECT_BACKOFF_MAX_MS_CONFIG, Type.LONG, 1000L, atLeast(0), "Largest reconnect wait.")
                .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 100L, atLeast(0), "First retry wait.")
                .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 1000L, atLeast(0), "Largest retry wait.")
                .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, "First connect timeout.")
                .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Type.LONG, 30_000L, "Largest connect timeout.")
                .define(CONNECTIONS_MAX_IDLE_MS_CONFIG, Type.LONG, 540_000L, "Close idle connections.")
                .define(
                        SECURITY_PROTOCOL_CONFIG,
                        Type.STRING,
                        "PLAINTEXT",
                        inIgnoreCase("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
                        "Security protocol.")
                .define(SECURITY_PROVIDERS_CONFIG, Type.STRING, null, "Security provider creators.")
                .define(
                        METADATA_RECOVERY_STRATEGY_CONFIG,
                        Type.STRING,
                        "rebootstrap",
                        inIgnoreCase("none", "rebootstrap"),
                        "Recovery when no known broker answers.")
                .define(
                        METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG,
                        Type.LONG,
                        300_000L,
                        atLeast(0),
                        "Re-bootstrap after this long without metadata.")
                .define(
                        METADATA_CLUSTER_CHECK_ENABLE_CONFIG,
                        Type.BOOLEAN,
                        true,
                        "Let brokers refuse connections meant for another cluster or node.")
                .define(
                        BOOTSTRAP_RESOLVE_TIMEOUT_MS_CONFIG,
                        Type.LONG,
                        0L,
                        atLeast(0),
                        "0: resolve bootstrap names in the constructor; else in the background, this long.");
    }

    private static void defineMetrics(ConfigDef def) {
        def.define(METRICS_SAMPLE_WINDOW_MS_CONFIG, Type.LONG, 30_000L, atLeast(0), "Metrics sample window.")
                .define(METRICS_NUM_SAMPLES_CONFIG, Type.INT, 2, atLeast(1), "Metrics samples kept.")
                .define(
                        METRICS_RECORDING_LEVEL_CONFIG,
                        Type.STRING,
                        "INFO",
                        in("INFO", "DEBUG", "TRACE"),
                        "Metrics recording level.")
                .define(
                        METRIC_REPORTER_CLASSES_CONFIG,
                        Type.LIST,
                        "org.apache.kafka.common.metrics.JmxReporter",
                        noDuplicates(),
                        "Metric reporters (accepted).")
                .define(ENABLE_METRICS_PUSH_CONFIG, Type.BOOLEAN, true, "Push metrics to brokers that ask.");
    }

    private static void defineSsl(ConfigDef def) {
        def.define("ssl.protocol", Type.STRING, "TLSv1.3", "TLS protocol for the SSLContext.")
                .define("ssl.provider", Type.STRING, null, "Security provider for TLS.")
                .define("ssl.cipher.suites", Type.LIST, "", "Enabled cipher suites; empty: the JDK's.")
                .define("ssl.enabled.protocols", Type.LIST, "TLSv1.2,TLSv1.3", "Enabled TLS protocols.")
                .define("ssl.keystore.type", Type.STRING, "JKS", "Key store format.")
                .define("ssl.keystore.location", Type.STRING, null, "Key store file.")
                .define("ssl.keystore.password", Type.PASSWORD, null, "Key store password.")
                .define("ssl.key.password", Type.PASSWORD, null, "Private key password.")
                .define("ssl.keystore.key", Type.PASSWORD, null, "PEM private key.")
                .define("ssl.keystore.certificate.chain", Type.PASSWORD, null, "PEM certificate chain.")
                .define("ssl.truststore.certificates", Type.PASSWORD, null, "PEM trusted certificates.")
                .define("ssl.truststore.type", Type.STRING, "JKS", "Trust store format.")
                .define("ssl.truststore.location", Type.STRING, null, "Trust store file.")
                .define("ssl.truststore.password", Type.PASSWORD, null, "Trust store password.")
                .define("ssl.keymanager.algorithm", Type.STRING, "SunX509", "Key manager algorithm.")
                .define("ssl.trustmanager.algorithm", Type.STRING, "PKIX", "Trust manager algorithm.")
                .define(
                        "ssl.endpoint.identification.algorithm",
                        Type.STRING,
                        "https",
                        "Host name verification; empty turns it off.")
                .define("ssl.secure.random.implementation", Type.STRING, null, "SecureRandom algorithm.")
                .define("ssl.engine.factory.class", Type.CLASS, null, "Custom SSLEngine factory.");
    }

    private static void defineSasl(ConfigDef def) {
        def.define("sasl.mechanism", Type.STRING, "GSSAPI", "SASL mechanism.")
                .define("sasl.jaas.config", Type.PASSWORD, null, "JAAS login context for SASL.")
                .define("sasl.kerberos.service.name", Type.STRING, null, "Kerberos principal name of brokers.")
                .define("sasl.kerberos.kinit.cmd", Type.STRING, "/usr/bin/kinit", "kinit command.")
                .define("sasl.kerberos.ticket.renew.window.factor", Type.DOUBLE, 0.8, "Ticket renew window.")
                .define("sasl.kerberos.ticket.renew.jitter", Type.DOUBLE, 0.05, "Ticket renew jitter.")
                .define("sasl.kerberos.min.time.before.relogin", Type.LONG, 60_000L, "Relogin pause.")
                .define(
                        "sasl.login.refresh.window.factor",
                        Type.DOUBLE,
                        0.8,
                        betweenDouble(0.5, 1.0),
                        "Credential refresh window.")
                .define(
                        "sasl.login.refresh.window.jitter",
                        Type.DOUBLE,
                        0.05,
                        betweenDouble(0.0, 0.25),
                        "Credential refresh jitter.")
                .define(
                        "sasl.login.refresh.min.period.seconds",
                        Type.SHORT,
                        (short) 60,
                        between(0, 900),
                        "Least time between refreshes.")
                .define(
                        "sasl.login.refresh.buffer.seconds",
                        Type.SHORT,
                        (short) 300,
                        between(0, 3600),
                        "Refresh this long before expiry.")
                .define(
                        "sasl.login.callback.handler.class",
                        Type.CLASS,
                        null,
                        "An io.sluice.producer.OAuthBearerTokenProvider supplying OAUTHBEARER tokens.")
                .define("sasl.login.class", Type.CLASS, null, "Login class.")
                .define("sasl.client.callback.handler.class", Type.CLASS, null, "Client callback handler.")
                .define("sasl.login.connect.timeout.ms", Type.INT, null, "Login provider connect timeout.")
                .define("sasl.login.read.timeout.ms", Type.INT, null, "Login provider read timeout.")
                .define("sasl.login.retry.backoff.max.ms", Type.LONG, 10_000L, "Largest login retry wait.")
                .define("sasl.login.retry.backoff.ms", Type.LONG, 100L, "First login retry wait.")
                .define("sasl.oauthbearer.scope.claim.name", Type.STRING, "scope", "Scope claim name.")
                .define("sasl.oauthbearer.sub.claim.name", Type.STRING, "sub", "Subject claim name.")
                .define("sasl.oauthbearer.token.endpoint.url", Type.STRING, null, "OAuth token endpoint.")
                .define("sasl.oauthbearer.jwks.endpoint.url", Type.STRING, null, "JWKS endpoint.")
                .define("sasl.oauthbearer.jwks.endpoint.refresh.ms", Type.LONG, 3_600_000L, "JWKS refresh.")
                .define("sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms", Type.LONG, 10_000L, "JWKS retry max.")
                .define("sasl.oauthbearer.jwks.endpoint.retry.backoff.ms", Type.LONG, 100L, "JWKS retry.")
                .define("sasl.oauthbearer.clock.skew.seconds", Type.INT, 30, "Allowed clock skew.")
                .define("sasl.oauthbearer.expected.audience", Type.LIST, "", "Expected audiences.")
                .define("sasl.oauthbearer.expected.issuer", Type.STRING, null, "Expected issuer.")
                .define("sasl.oauthbearer.header.urlencode", Type.BOOLEAN, false, "URL-encode client credentials.")
                .define("sasl.oauthbearer.allow.unverified.issuer", Type.BOOLEAN, false, "Skip the issuer check.")
                .define("sasl.oauthbearer.allow.unverified.audience", Type.BOOLEAN, false, "Skip the audience check.");
        defineOAuthGrants(def);
    }

    /** The token request settings of the built-in OAuth grants: client credentials, and a signed JWT assertion. */
    private static void defineOAuthGrants(ConfigDef def) {
        def.define("sasl.oauthbearer.scope", Type.STRING, null, "Scope asked for in the token request.")
                .define(
                        "sasl.oauthbearer.jwt.retriever.class",
                        Type.STRING, // a Kafka class name, read as the name of a grant: no class is loaded
                        "org.apache.kafka.common.security.oauthbearer.DefaultJwtRetriever",
                        "How tokens are fetched: the default picks the grant from the other settings.")
                .define(
                        "sasl.oauthbearer.jwt.validator.class",
                        Type.STRING, // likewise a Kafka class name
                        "org.apache.kafka.common.security.oauthbearer.DefaultJwtValidator",
                        "How fetched tokens are checked before use.")
                .define("sasl.oauthbearer.client.credentials.client.id", Type.STRING, null, "OAuth client id.")
                .define(
                        "sasl.oauthbearer.client.credentials.client.secret",
                        Type.PASSWORD,
                        null,
                        "OAuth client secret.")
                .define(
                        "sasl.oauthbearer.assertion.algorithm",
                        Type.STRING,
                        "RS256",
                        inIgnoreCase("ES256", "RS256"),
                        "Signature algorithm of the JWT assertion.")
                .define("sasl.oauthbearer.assertion.claim.aud", Type.STRING, null, "Assertion audience claim.")
                .define(
                        "sasl.oauthbearer.assertion.claim.exp.seconds",
                        Type.INT,
                        300,
                        between(0, 86400),
                        "Assertion lifetime in seconds.")
                .define("sasl.oauthbearer.assertion.claim.iss", Type.STRING, null, "Assertion issuer claim.")
                .define(
                        "sasl.oauthbearer.assertion.claim.jti.include",
                        Type.BOOLEAN,
                        false,
                        "Give the assertion a random jti claim.")
                .define(
                        "sasl.oauthbearer.assertion.claim.nbf.seconds",
                        Type.INT,
                        60,
                        between(0, 3600),
                        "Assertion not-before, this many seconds in the past.")
                .define("sasl.oauthbearer.assertion.claim.sub", Type.STRING, null, "Assertion subject claim.")
                .define("sasl.oauthbearer.assertion.file", Type.STRING, null, "A ready-made assertion in a file.")
                .define(
                        "sasl.oauthbearer.assertion.private.key.file",
                        Type.STRING,
                        null,
                        "PEM private key that signs the assertion.")
                .define(
                        "sasl.oauthbearer.assertion.private.key.passphrase",
                        Type.PASSWORD,
                        null,
                        "Passphrase of an encrypted private key.")
                .define(
                        "sasl.oauthbearer.assertion.template.file",
                        Type.STRING,
                        null,
                        "JSON file of extra assertion header and claims.");
    }

    private static void gzipLevel(String name, Object value) {
        int level = (Integer) value;
        if (level != -1 && (level < 1 || level > 9)) {
            throw new ConfigException(name, value, "Value must be between 1 and 9, or -1 for the codec default");
        }
    }
}
