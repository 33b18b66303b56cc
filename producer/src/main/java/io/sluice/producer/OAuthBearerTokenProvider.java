package io.sluice.producer;

import java.util.Map;

/**
 * Supplies the tokens the producer presents with SASL {@code OAUTHBEARER} (RFC 7628), for clusters that check
 * OAuth 2 access tokens.
 *
 * <p>Name an implementing class, with a public no-argument constructor, in {@code sasl.login.callback.handler.class}
 * with {@code sasl.mechanism=OAUTHBEARER}:
 *
 * <pre>{@code
 * security.protocol=SASL_SSL
 * sasl.mechanism=OAUTHBEARER
 * sasl.login.callback.handler.class=com.example.MyTokenProvider
 * sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="app";
 * }</pre>
 *
 * <p>Naming Kafka's {@code OAuthBearerLoginCallbackHandler}, or this interface itself, selects the built-in login
 * that fetches tokens from {@code sasl.oauthbearer.token.endpoint.url} (client credentials or a JWT bearer
 * assertion), as Kafka's does.
 *
 * <p>Without a provider, {@code OAUTHBEARER} builds an unsecured JSON Web Token from the
 * {@code unsecuredLogin*} options of {@code sasl.jaas.config}, as Kafka does; that is for tests only.
 *
 * <p>{@link #token()} is called on the producer's network thread each time a connection authenticates, so it
 * should return quickly: fetch and cache tokens elsewhere, and hand out the cached one while it is fresh. The
 * producer never logs tokens.
 */
public interface OAuthBearerTokenProvider {

    /**
     * Called once, before the first {@link #token()}, with the options of {@code sasl.jaas.config} (empty when it
     * is not set). The options may hold secrets such as a client secret.
     *
     * @param jaasOptions the login module's options, by name
     */
    default void configure(Map<String, String> jaasOptions) {}

    /**
     * Returns the compact-serialized access token to present to the broker.
     *
     * @return the token; never null or empty
     * @throws Exception when no token can be had; the connection fails with an authentication error naming the
     *     exception's class and message, so the message must not contain the secret
     */
    String token() throws Exception;

    /**
     * Returns SASL extensions (RFC 7628 key-value pairs) to send with the token; none by default.
     *
     * @return extension names and values; names are letters only, and {@code auth} is reserved
     */
    default Map<String, String> extensions() {
        return Map.of();
    }
}
