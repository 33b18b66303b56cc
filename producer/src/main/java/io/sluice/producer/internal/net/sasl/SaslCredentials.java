package io.sluice.producer.internal.net.sasl;

import io.sluice.producer.OAuthBearerTokenProvider;
import io.sluice.producer.ProducerConfig;
import io.sluice.producer.errors.ConfigException;
import io.sluice.producer.internal.net.Secrets;
import io.sluice.producer.internal.net.sasl.oauth.OAuthLogin;
import io.sluice.producer.internal.net.sasl.oauth.OAuthTokens;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The SASL side of the producer's settings, read once when the producer is created: {@code sasl.mechanism},
 * {@code sasl.jaas.config} in Kafka's JAAS syntax and, for OAUTHBEARER, {@code sasl.login.callback.handler.class}.
 *
 * <ul>
 *   <li>PLAIN and SCRAM-SHA-256/512: options {@code username} and {@code password} (SCRAM also takes
 *       {@code tokenauth="true"} for delegation tokens);
 *   <li>OAUTHBEARER: tokens from an {@link OAuthBearerTokenProvider} named in
 *       {@code sasl.login.callback.handler.class}; from a token endpoint or file with Kafka's OAuth login
 *       ({@code org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler} named there, or no
 *       handler and {@code sasl.oauthbearer.token.endpoint.url} set; see {@link OAuthLogin}); else unsecured JWTs
 *       built from the {@code unsecuredLogin*} options (for tests, as in Kafka).
 * </ul>
 *
 * Each connection gets a fresh {@link SaslMechanismClient} from {@link #newClient()}. {@link #close()} stops the
 * OAuth token refresh, if any. {@link #toString()} names the mechanism and user only.
 */
public final class SaslCredentials implements AutoCloseable {
    /** The mechanisms this client speaks. */
    public static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");

    private final String mechanism;
    private final Map<String, String> options;
    private final OAuthBearerTokenProvider tokens;
    private final OAuthTokens oauth;
    private final LongSupplier clock;

    private SaslCredentials(
            String mechanism,
            Map<String, String> options,
            OAuthBearerTokenProvider tokens,
            OAuthTokens oauth,
            LongSupplier clock) {
        this.mechanism = mechanism;
        this.options = options;
        this.tokens = tokens;
        this.oauth = oauth;
        this.clock = clock;
    }

    /**
     * Reads and checks the SASL settings.
     *
     * @throws ConfigException when the mechanism is not supported or a needed option is missing
     */
    public static SaslCredentials from(ProducerConfig config, Secrets secrets, LongSupplier clockMs) {
        String mechanism = config.getString("sasl.mechanism");
        if (!MECHANISMS.contains(mechanism)) {
            throw new ConfigException(
                    "sasl.mechanism",
                    mechanism,
                    "Sluice supports the SASL mechanisms " + new java.util.TreeSet<>(MECHANISMS));
        }
        String jaasText = secrets.get("sasl.jaas.config");
        Class<?> handler = config.getClass("sasl.login.callback.handler.class");
        Map<String, String> options =
                jaasText == null ? Map.of() : JaasConfig.parse(jaasText).options();
        boolean builtInOAuth = mechanism.equals("OAUTHBEARER")
                && (handler == OAuthBearerTokenProvider.class
                        || (handler == null && config.getString("sasl.oauthbearer.token.endpoint.url") != null));
        if (jaasText == null && !(mechanism.equals("OAUTHBEARER") && (handler != null || builtInOAuth))) {
            throw new ConfigException(
                    "sasl.jaas.config",
                    null,
                    "needed for sasl.mechanism=" + mechanism + ", e.g. "
                            + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"...\""
                            + " password=\"...\";");
        }
        OAuthBearerTokenProvider tokens = null;
        OAuthTokens oauth = null;
        if (builtInOAuth) {
            oauth = OAuthLogin.start(config, secrets, options, clockMs);
        } else if (mechanism.equals("OAUTHBEARER")) {
            if (handler != null) {
                tokens = provider(handler);
                tokens.configure(options);
            } else {
                // Build one token now so a bad option fails producer creation, not the first connection.
                UnsecuredJwt.token(options, clockMs.getAsLong());
            }
        } else {
            JaasConfig check = JaasConfig.parse(jaasText);
            check.requireOption("username", mechanism);
            check.requireOption("password", mechanism);
        }
        return new SaslCredentials(mechanism, options, tokens, oauth, clockMs);
    }

    private static OAuthBearerTokenProvider provider(Class<?> type) {
        String key = "sasl.login.callback.handler.class";
        if (!OAuthBearerTokenProvider.class.isAssignableFrom(type)) {
            throw new ConfigException(
                    key, type.getName(), "must implement " + OAuthBearerTokenProvider.class.getName());
        }
        try {
            return (OAuthBearerTokenProvider) type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ConfigException(key, type.getName(), "needs a public no-argument constructor: " + e);
        } catch (InvocationTargetException e) {
            throw new ConfigException(key, type.getName(), "its constructor failed: " + e.getCause());
        }
    }

    /** The configured mechanism name. */
    public String mechanism() {
        return mechanism;
    }

    /**
     * A fresh client for one authentication.
     *
     * @throws SaslFailure when the token provider fails
     */
    SaslMechanismClient newClient() {
        return switch (mechanism) {
            case "PLAIN" -> new PlainClient(options.get("username"), options.get("password"));
            case "SCRAM-SHA-256", "SCRAM-SHA-512" ->
                new ScramClient(
                        mechanism,
                        options.get("username"),
                        options.get("password"),
                        "true".equalsIgnoreCase(options.get("tokenauth")));
            default -> oauthBearer();
        };
    }

    private SaslMechanismClient oauthBearer() {
        if (oauth != null) {
            try {
                return new OAuthBearerClient(oauth.token(), oauth.extensions());
            } catch (IllegalStateException e) {
                throw new SaslFailure(e.getMessage());
            }
        }
        if (tokens == null) {
            return new OAuthBearerClient(
                    UnsecuredJwt.token(options, clock.getAsLong()), UnsecuredJwt.extensions(options));
        }
        String token;
        try {
            token = tokens.token();
        } catch (Exception e) {
            throw new SaslFailure(
                    "the OAUTHBEARER token provider " + tokens.getClass().getName() + " failed: " + e);
        }
        return new OAuthBearerClient(token, tokens.extensions());
    }

    /** Stops the OAuth token refresh thread, if there is one. */
    @Override
    public void close() {
        if (oauth != null) {
            oauth.close();
        }
    }

    @Override
    public String toString() {
        String user = options.get("username");
        return "SaslCredentials[" + mechanism + (user == null ? "" : ", user=" + user) + "]";
    }
}
