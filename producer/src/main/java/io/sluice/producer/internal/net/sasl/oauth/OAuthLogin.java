package io.sluice.producer.internal.net.sasl.oauth;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.errors.ConfigException;
import io.sluice.producer.internal.net.Secrets;
import io.sluice.producer.internal.net.tls.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reads the settings of Kafka's built-in OAuth login ({@code OAuthBearerLoginCallbackHandler}) and starts the token
 * cache. {@code sasl.oauthbearer.jwt.retriever.class} names the way tokens are fetched, as in kafka-clients 4.4:
 *
 * <pre>
 * DefaultJwtRetriever (default)   a file: token endpoint URL -&gt; the token file; else client_credentials
 * ClientCredentialsJwtRetriever   client_credentials: with a client assertion when sasl.oauthbearer.assertion.file
 *                                 or ...assertion.claim.iss is set, else with the client id and secret
 * JwtBearerJwtRetriever           the jwt-bearer grant with the assertion (a file, or built and signed here)
 * FileJwtRetriever                the token file named by the file: token endpoint URL
 * </pre>
 *
 * The client id, secret and scope come from {@code sasl.oauthbearer.client.credentials.client.id},
 * {@code ...client.secret} and {@code sasl.oauthbearer.scope}, else from the JAAS options {@code clientId},
 * {@code clientSecret} and {@code scope}. As in Kafka 4.x, the token endpoint URL must be listed in the system
 * property {@value #ALLOWED_URLS} and every file read (token, assertion, private key, template) in
 * {@value #ALLOWED_FILES}; both are empty, allowing nothing, by default.
 */
public final class OAuthLogin {
    /** The system property listing the URLs the OAuth login may use, comma-separated. */
    public static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
    /** The system property listing the files the OAuth login may read, comma-separated. */
    public static final String ALLOWED_FILES = "org.apache.kafka.sasl.oauthbearer.allowed.files";

    private static final String KAFKA_PACKAGE = "org.apache.kafka.common.security.oauthbearer.";
    private static final String URL = "sasl.oauthbearer.token.endpoint.url";
    private static final String RETRIEVER = "sasl.oauthbearer.jwt.retriever.class";
    private static final String ASSERTION = "sasl.oauthbearer.assertion.";
    private static final String EXTENSION_OPTION = "extension_";

    private final ProducerConfig config;
    private final Secrets secrets;
    private final Map<String, String> jaas;

    private OAuthLogin(ProducerConfig config, Secrets secrets, Map<String, String> jaasOptions) {
        this.config = config;
        this.secrets = secrets;
        this.jaas = jaasOptions;
    }

    /**
     * Checks the settings, fetches the first token (with the endpoint's retries) and starts refreshing it.
     *
     * @throws ConfigException when a setting is missing, not allowed or unreadable; a token endpoint that refuses
     *     or cannot be reached is no configuration error: {@link OAuthTokens#token()} reports it
     */
    public static OAuthTokens start(
            ProducerConfig config, Secrets secrets, Map<String, String> jaasOptions, LongSupplier clockMs) {
        OAuthLogin login = new OAuthLogin(config, secrets, jaasOptions);
        TokenSource source = login.source(clockMs);
        OAuthTokens tokens = new OAuthTokens(
                source,
                config.getString("sasl.oauthbearer.sub.claim.name"),
                login.refreshPolicy(),
                login.extensions(),
                clockMs,
                OAuthTokens.Scheduler.thread("sluice-oauth-token-refresh"));
        tokens.start();
        return tokens;
    }

    private TokenSource source(LongSupplier clockMs) {
        String retriever = config.getString(RETRIEVER);
        String name = retriever.startsWith(KAFKA_PACKAGE) ? retriever.substring(KAFKA_PACKAGE.length()) : retriever;
        URI uri = tokenEndpoint();
        boolean file = "file".equalsIgnoreCase(uri.getScheme());
        return switch (name) {
            case "DefaultJwtRetriever" -> file ? tokenFile(uri) : endpoint(uri, clientCredentials(clockMs), clockMs);
            case "ClientCredentialsJwtRetriever" -> endpoint(uri, clientCredentials(clockMs), clockMs);
            case "JwtBearerJwtRetriever" -> endpoint(uri, Grant.jwtBearer(scope(), assertions(clockMs)), clockMs);
            case "FileJwtRetriever" -> tokenFile(uri);
            default ->
                throw new ConfigException(
                        RETRIEVER,
                        retriever,
                        "Sluice knows Kafka's DefaultJwtRetriever, ClientCredentialsJwtRetriever, "
                                + "JwtBearerJwtRetriever and FileJwtRetriever; for tokens of your own, name an "
                                + "io.sluice.producer.OAuthBearerTokenProvider in sasl.login.callback.handler.class");
        };
    }

    private URI tokenEndpoint() {
        String url = config.getString(URL);
        if (url == null || url.isBlank()) {
            throw new ConfigException(URL, url, "needed by the OAuth login (sasl.login.callback.handler.class)");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(URL, url, "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "file").contains(scheme)) {
            throw new ConfigException(URL, url, "must be an http, https or file URL");
        }
        if (!listed(System.getProperty(ALLOWED_URLS, "")).contains(url.trim())) {
            throw new ConfigException(URL, url, "is not allowed: add it to the system property " + ALLOWED_URLS);
        }
        return uri;
    }

    private TokenSource tokenFile(URI uri) {
        return new TokenFile(allowedFile(Path.of(uri), URL));
    }

    private TokenSource endpoint(URI uri, Grant grant, LongSupplier clockMs) {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            throw new ConfigException(URL, uri.toString(), "must be an http or https URL for " + grant);
        }
        TokenEndpoint.Timing timing = new TokenEndpoint.Timing(
                optionalInt("sasl.login.connect.timeout.ms"),
                optionalInt("sasl.login.read.timeout.ms"),
                config.getLong("sasl.login.retry.backoff.ms"),
                config.getLong("sasl.login.retry.backoff.max.ms"));
        return new TokenEndpoint(uri, grant, timing, clockMs, Thread::sleep);
    }

    private Grant clientCredentials(LongSupplier clockMs) {
        if (config.getString(ASSERTION + "file") != null || config.getString(ASSERTION + "claim.iss") != null) {
            return Grant.clientAssertion(
                    configOrJaas("sasl.oauthbearer.client.credentials.client.id", "clientId"),
                    scope(),
                    assertions(clockMs));
        }
        String id = configOrJaas("sasl.oauthbearer.client.credentials.client.id", "clientId");
        String secret = secrets.get("sasl.oauthbearer.client.credentials.client.secret");
        if (secret == null) {
            secret = jaas.get("clientSecret");
        }
        if (id == null || secret == null) {
            throw new ConfigException(
                    id == null
                            ? "sasl.oauthbearer.client.credentials.client.id"
                            : "sasl.oauthbearer.client.credentials.client.secret",
                    null,
                    "the client_credentials grant needs a client id and secret (or the JAAS options clientId and"
                            + " clientSecret), or a client assertion (" + ASSERTION + "file or " + ASSERTION
                            + "claim.iss)");
        }
        return Grant.clientSecret(id, secret, scope(), config.getBoolean("sasl.oauthbearer.header.urlencode"));
    }

    private String scope() {
        return configOrJaas("sasl.oauthbearer.scope", "scope");
    }

    private String configOrJaas(String setting, String option) {
        String value = config.getString(setting);
        return value != null ? value : jaas.get(option);
    }

    /** The assertions: read from sasl.oauthbearer.assertion.file at each request, or built and signed here. */
    private LongFunction<String> assertions(LongSupplier clockMs) {
        String file = config.getString(ASSERTION + "file");
        if (file != null) {
            Path path = allowedFile(Path.of(file), ASSERTION + "file");
            return now -> readFile(path, ASSERTION + "file").trim();
        }
        String keyFile = config.getString(ASSERTION + "private.key.file");
        if (keyFile == null) {
            throw new ConfigException(
                    ASSERTION + "private.key.file",
                    null,
                    "a JWT assertion needs a private key to sign it, or a ready one in " + ASSERTION + "file");
        }
        PrivateKey key = privateKey(allowedFile(Path.of(keyFile), ASSERTION + "private.key.file"));
        JwtAssertion.Claims claims = new JwtAssertion.Claims(
                config.getString(ASSERTION + "claim.iss"),
                config.getString(ASSERTION + "claim.sub"),
                config.getString(ASSERTION + "claim.aud"),
                config.getInt(ASSERTION + "claim.exp.seconds"),
                config.getInt(ASSERTION + "claim.nbf.seconds"),
                config.getBoolean(ASSERTION + "claim.jti.include"));
        JwtAssertion assertion;
        try {
            assertion = new JwtAssertion(config.getString(ASSERTION + "algorithm"), key, claims, template());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ASSERTION + "private.key.file", keyFile, e.getMessage());
        }
        // Build one now, so a bad template fails producer creation rather than the first token request.
        try {
            assertion.create(clockMs.getAsLong());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    ASSERTION + "template.file", config.getString(ASSERTION + "template.file"), e.getMessage());
        }
        return assertion::create;
    }

    private PrivateKey privateKey(Path file) {
        String passphrase = secrets.get(ASSERTION + "private.key.passphrase");
        char[] password = passphrase == null ? null : passphrase.toCharArray();
        try {
            return Pem.privateKey(
                    readFile(file, ASSERTION + "private.key.file"),
                    password,
                    ASSERTION + "private.key.file",
                    ASSERTION + "private.key.passphrase");
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private Supplier<Map<String, Object>> template() {
        String file = config.getString(ASSERTION + "template.file");
        if (file == null) {
            return Map::of;
        }
        Path path = allowedFile(Path.of(file), ASSERTION + "template.file");
        return () -> {
            try {
                return Json.readObject(readFile(path, ASSERTION + "template.file"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "the assertion template " + path + " is not JSON: " + e.getMessage());
            }
        };
    }

    private static Path allowedFile(Path file, String setting) {
        Path normalized = file.toAbsolutePath().normalize();
        for (String allowed : listed(System.getProperty(ALLOWED_FILES, ""))) {
            if (Path.of(allowed).toAbsolutePath().normalize().equals(normalized)) {
                return file;
            }
        }
        throw new ConfigException(
                setting, file.toString(), "is not allowed: add the file to the system property " + ALLOWED_FILES);
    }

    private static String readFile(Path file, String setting) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(
                    setting, file.toString(), "cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static List<String> listed(String property) {
        return Arrays.stream(property.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private Integer optionalInt(String key) {
        return !config.isSet(key) ? null : config.getInt(key);
    }

    private RefreshPolicy refreshPolicy() {
        return new RefreshPolicy(
                config.getDouble("sasl.login.refresh.window.factor"),
                config.getDouble("sasl.login.refresh.window.jitter"),
                config.getShort("sasl.login.refresh.min.period.seconds") * 1000L,
                config.getShort("sasl.login.refresh.buffer.seconds") * 1000L,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The {@code extension_<name>} JAAS options, sent as SASL extensions, as Kafka's login does. */
    private Map<String, String> extensions() {
        Map<String, String> extensions = new LinkedHashMap<>();
        jaas.forEach((k, v) -> {
            if (k.startsWith(EXTENSION_OPTION)) {
                extensions.put(k.substring(EXTENSION_OPTION.length()), v);
            }
        });
        return extensions;
    }
}
