package io.sluice.testkit.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * A small OAuth 2 authorization server on 127.0.0.1 for tests: a token endpoint and a JWKS endpoint, built on the
 * JDK's {@code com.sun.net.httpserver} and jose4j.
 *
 * <pre>
 * POST /token   grant_type=client_credentials   with HTTP Basic client id and secret ({@link #client})
 *                                               or client_assertion_type=...:jwt-bearer&amp;client_assertion=JWT
 *               grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&amp;assertion=JWT
 *               -&gt; 200 {"access_token": RS256 JWT, "token_type": "Bearer", "expires_in": ...}
 *               -&gt; 401 {"error":"invalid_client"} or 400 {"error":"invalid_grant"|"unsupported_grant_type"|...}
 * GET  /jwks    the public key that signs the tokens
 * </pre>
 *
 * An assertion must be signed (RS256 or ES256) by the key registered for its {@code iss} ({@link #assertionKey}),
 * name this server's {@link #issuer()} in {@code aud}, and carry {@code exp}; it is checked with jose4j, so a
 * client's assertion code is checked by an implementation of its own. Issued tokens have {@code iss} =
 * {@link #issuer()}, {@code aud} = {@link #audience()}, {@code sub} (the client id, or the assertion's {@code sub}),
 * {@code iat}, {@code exp} and the requested {@code scope}.
 *
 * <p>{@link #brokerSettings(String)} gives the broker properties of a listener whose OAUTHBEARER validator checks
 * tokens against this server's JWKS. Kafka 4.x brokers and clients only use URLs listed in the system property
 * {@value #ALLOWED_URLS}; {@link #start} adds this server's URLs to it, since the test's brokers run in this JVM.
 * Thread-safe.
 */
public final class OAuthTokenServer implements AutoCloseable {
    /** The system property in which Kafka 4.x lists the OAuth URLs it may use. */
    public static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String KEY_ID = "sluice-testkit-1";
    private static final java.util.concurrent.locks.ReentrantLock ALLOWED_URLS_LOCK =
            new java.util.concurrent.locks.ReentrantLock();

    private final HttpServer http;
    private final ExecutorService executor;
    private final RsaJsonWebKey signingKey;
    private final String audience;
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> assertionKeys = new ConcurrentHashMap<>();
    private final List<String> grantsIssued = new CopyOnWriteArrayList<>();
    private final List<String> tokensIssued = new CopyOnWriteArrayList<>();
    private volatile Duration tokenLifetime = Duration.ofHours(1);

    private OAuthTokenServer(String audience) throws IOException, JoseException {
        this.audience = audience;
        this.signingKey = RsaJwkGenerator.generateJwk(2048);
        signingKey.setKeyId(KEY_ID);
        signingKey.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        signingKey.setUse("sig");
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sluice-testkit-oauth-server");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/token", this::token);
        http.createContext("/jwks", this::jwks);
        http.start();
    }

    /**
     * Starts a server whose tokens name {@code audience} in {@code aud}, and allows its URLs in {@value
     * #ALLOWED_URLS}.
     */
    public static OAuthTokenServer start(String audience) {
        try {
            OAuthTokenServer server = new OAuthTokenServer(audience);
            allowUrls(server.tokenUrl(), server.jwksUrl());
            return server;
        } catch (IOException | JoseException e) {
            throw new IllegalStateException("cannot start the OAuth token server", e);
        }
    }

    /** Adds URLs to the system property {@value #ALLOWED_URLS}, keeping what it lists already. */
    public static void allowUrls(String... urls) {
        ALLOWED_URLS_LOCK.lock();
        try {
            addAllowed(urls);
        } finally {
            ALLOWED_URLS_LOCK.unlock();
        }
    }

    private static void addAllowed(String... urls) {
        List<String> allowed = new ArrayList<>();
        for (String url : System.getProperty(ALLOWED_URLS, "").split(",")) {
            if (!url.isBlank()) {
                allowed.add(url.trim());
            }
        }
        for (String url : urls) {
            if (!allowed.contains(url)) {
                allowed.add(url);
            }
        }
        System.setProperty(ALLOWED_URLS, String.join(",", allowed));
    }

    /** Registers a client for the client_credentials grant with a secret. */
    public OAuthTokenServer client(String clientId, String clientSecret) {
        clients.put(clientId, clientSecret);
        return this;
    }

    /** Trusts assertions whose {@code iss} is {@code issuer} and that {@code key} verifies. */
    public OAuthTokenServer assertionKey(String issuer, PublicKey key) {
        assertionKeys.put(issuer, key);
        return this;
    }

    /** How long issued tokens are valid; 1 hour unless set. */
    public OAuthTokenServer tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /** {@code http://127.0.0.1:port/token}. */
    public String tokenUrl() {
        return base() + "/token";
    }

    /** {@code http://127.0.0.1:port/jwks}. */
    public String jwksUrl() {
        return base() + "/jwks";
    }

    /** The {@code iss} of issued tokens, and the {@code aud} assertions must name: this server's base URL. */
    public String issuer() {
        return base();
    }

    /** The {@code aud} of issued tokens. */
    public String audience() {
        return audience;
    }

    /** The grant of every token issued so far, in order ({@code client_credentials}, {@code jwt-bearer}, ...). */
    public List<String> grantsIssued() {
        return List.copyOf(grantsIssued);
    }

    /** Every access token issued so far, so a test can check none of them was logged. */
    public List<String> tokensIssued() {
        return List.copyOf(tokensIssued);
    }

    /**
     * The broker properties of a SASL listener called {@code listener} whose OAUTHBEARER mechanism validates tokens
     * against this server's JWKS, audience and issuer. The listener must be declared with its security protocol
     * (e.g. {@code SASL_PLAINTEXT}) on the cluster's builder.
     */
    public Map<String, String> brokerSettings(String listener) {
        String prefix = "listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix + "sasl.enabled.mechanisms", "OAUTHBEARER");
        settings.put(
                prefix + "oauthbearer.sasl.server.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler");
        settings.put(
                prefix + "oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        settings.put("sasl.oauthbearer.jwks.endpoint.url", jwksUrl());
        settings.put("sasl.oauthbearer.expected.audience", audience);
        settings.put("sasl.oauthbearer.expected.issuer", issuer());
        return settings;
    }

    private String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private void jwks(HttpExchange exchange) throws IOException {
        try (exchange) {
            respond(exchange, 200, new JsonWebKeySet(signingKey).toJson());
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, error("invalid_request", "POST only"));
                return;
            }
            Map<String, String> form =
                    form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String grant = form.getOrDefault("grant_type", "");
            String subject;
            try {
                if (grant.equals("client_credentials") && form.containsKey("client_assertion")) {
                    if (!CLIENT_ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
                        throw new Refusal(
                                400, "invalid_request", "client_assertion_type must be " + CLIENT_ASSERTION_TYPE);
                    }
                    subject = verifyAssertion(form.get("client_assertion"), "invalid_client", 401);
                } else if (grant.equals("client_credentials")) {
                    subject = checkSecret(exchange.getRequestHeaders().getFirst("Authorization"));
                } else if (grant.equals(JWT_BEARER)) {
                    subject = verifyAssertion(form.get("assertion"), "invalid_grant", 400);
                } else {
                    throw new Refusal(400, "unsupported_grant_type", "grant_type " + grant + " is not supported");
                }
                String token = issue(subject, form.get("scope"));
                grantsIssued.add(grant.equals(JWT_BEARER) ? "jwt-bearer" : grant);
                tokensIssued.add(token);
                respond(
                        exchange,
                        200,
                        "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                                + tokenLifetime.toSeconds() + "}");
            } catch (Refusal r) {
                respond(exchange, r.status, error(r.error, r.getMessage()));
            }
        }
    }

    private String checkSecret(String authorization) throws Refusal {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            throw new Refusal(401, "invalid_client", "client authentication is missing");
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refusal(401, "invalid_client", "the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        String id = colon < 0 ? decoded : decoded.substring(0, colon);
        String secret = colon < 0 ? "" : decoded.substring(colon + 1);
        if (!secret.equals(clients.get(id))) {
            throw new Refusal(401, "invalid_client", "client authentication failed");
        }
        return id;
    }

    /** Checks the assertion's signature, audience and times with jose4j; returns the subject of the new token. */
    private String verifyAssertion(String assertion, String error, int status) throws Refusal {
        if (assertion == null || assertion.isBlank()) {
            throw new Refusal(400, "invalid_request", "the assertion is missing");
        }
        try {
            JwtClaims unverified = new JwtConsumerBuilder()
                    .setSkipAllValidators()
                    .setDisableRequireSignature()
                    .setSkipSignatureVerification()
                    .build()
                    .processToClaims(assertion);
            String issuer = unverified.getIssuer();
            PublicKey key = issuer == null ? null : assertionKeys.get(issuer);
            if (key == null) {
                throw new Refusal(status, error, "no key is registered for the assertion's issuer " + issuer);
            }
            JwtConsumer consumer = new JwtConsumerBuilder()
                    .setVerificationKey(key)
                    .setExpectedIssuer(issuer)
                    .setExpectedAudience(issuer())
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setAllowedClockSkewInSeconds(30)
                    .build();
            JwtClaims claims = consumer.processToClaims(assertion);
            return claims.getSubject() != null ? claims.getSubject() : issuer;
        } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException e) {
            throw new Refusal(
                    status, error, "the assertion is not valid: " + e.getClass().getSimpleName());
        }
    }

    private String issue(String subject, String scope) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer());
            claims.setAudience(audience);
            claims.setSubject(subject);
            long now = System.currentTimeMillis() / 1000;
            claims.setIssuedAt(NumericDate.fromSeconds(now));
            claims.setExpirationTime(NumericDate.fromSeconds(now + tokenLifetime.toSeconds()));
            claims.setGeneratedJwtId();
            if (scope != null && !scope.isBlank()) {
                claims.setClaim("scope", scope);
            }
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(signingKey.getPrivateKey());
            jws.setKeyIdHeaderValue(KEY_ID);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign the token", e);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            form.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return form;
    }

    private static String error(String error, String description) {
        return "{\"error\":\"" + error + "\",\"error_description\":\"" + description.replace("\"", "'") + "\"}";
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    /** A token request refused with an OAuth error. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String error;

        Refusal(int status, String error, String description) {
            super(description);
            this.status = status;
            this.error = error;
        }
    }
}
