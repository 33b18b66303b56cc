package io.sluice.producer.internal.net.sasl.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * One OAuth 2 grant: the form body and headers of a token request (RFC 6749 section 4.4, RFC 7521/7523), built
 * afresh for each request so an assertion is always new.
 *
 * <pre>
 * client_credentials, secret      Authorization: Basic base64(id ":" secret)   (each URL-encoded first with
 *                                 grant_type=client_credentials[&amp;scope=...]   sasl.oauthbearer.header.urlencode)
 * client_credentials, assertion   grant_type=client_credentials&amp;client_assertion_type=...jwt-bearer
 *                                 &amp;client_assertion=...[&amp;client_id=...][&amp;scope=...]
 * jwt-bearer                      grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&amp;assertion=...[&amp;scope=...]
 * </pre>
 *
 * Every request also says {@code Accept: application/json}, {@code Cache-Control: no-cache} and
 * {@code Content-Type: application/x-www-form-urlencoded}. {@link #toString()} names the grant, the client id and
 * the scope only.
 */
public abstract sealed class Grant {
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    final String scope;

    private Grant(String scope) {
        this.scope = scope == null || scope.isBlank() ? null : scope.trim();
    }

    /** client_credentials with the client id and secret in HTTP Basic authentication. */
    public static Grant clientSecret(String clientId, String clientSecret, String scope, boolean urlEncode) {
        return new ClientSecret(clientId, clientSecret, scope, urlEncode);
    }

    /** client_credentials with a JWT client assertion instead of a secret (RFC 7523 section 2.2). */
    public static Grant clientAssertion(String clientId, String scope, LongFunction<String> assertions) {
        return new ClientAssertion(clientId, scope, assertions);
    }

    /** The jwt-bearer authorization grant (RFC 7523 section 2.1). */
    public static Grant jwtBearer(String scope, LongFunction<String> assertions) {
        return new JwtBearer(scope, assertions);
    }

    /** The request body for a request sent at {@code nowMs}. */
    abstract String body(long nowMs);

    /** The request headers. */
    Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("Cache-Control", "no-cache");
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        return headers;
    }

    /** The text with any secret of this grant replaced, for text that came back from the endpoint. */
    String redact(String text) {
        return text;
    }

    StringBuilder withScope(StringBuilder body) {
        if (scope != null) {
            body.append("&scope=").append(encode(scope));
        }
        return body;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static final class ClientSecret extends Grant {
        private final String clientId;
        private final String authorization;
        private final String clientSecret;

        ClientSecret(String clientId, String clientSecret, String scope, boolean urlEncode) {
            super(scope);
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            String id = urlEncode ? encode(clientId) : clientId;
            String secret = urlEncode ? encode(clientSecret) : clientSecret;
            this.authorization =
                    "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        String body(long nowMs) {
            return withScope(new StringBuilder("grant_type=client_credentials")).toString();
        }

        @Override
        Map<String, String> headers() {
            Map<String, String> headers = super.headers();
            headers.put("Authorization", authorization);
            return headers;
        }

        @Override
        String redact(String text) {
            return clientSecret.isEmpty() ? text : text.replace(clientSecret, "[hidden]");
        }

        @Override
        public String toString() {
            return "Grant[client_credentials, clientId=" + clientId + ", scope=" + scope + "]";
        }
    }

    private static final class ClientAssertion extends Grant {
        private final String clientId;
        private final LongFunction<String> assertions;

        ClientAssertion(String clientId, String scope, LongFunction<String> assertions) {
            super(scope);
            this.clientId = clientId == null || clientId.isBlank() ? null : clientId;
            this.assertions = assertions;
        }

        @Override
        String body(long nowMs) {
            StringBuilder body = new StringBuilder("grant_type=client_credentials&client_assertion_type=")
                    .append(encode(CLIENT_ASSERTION_TYPE))
                    .append("&client_assertion=")
                    .append(encode(assertions.apply(nowMs)));
            if (clientId != null) {
                body.append("&client_id=").append(encode(clientId));
            }
            return withScope(body).toString();
        }

        @Override
        public String toString() {
            return "Grant[client_credentials with a client assertion, clientId=" + clientId + ", scope=" + scope + "]";
        }
    }

    private static final class JwtBearer extends Grant {
        private final LongFunction<String> assertions;

        JwtBearer(String scope, LongFunction<String> assertions) {
            super(scope);
            this.assertions = assertions;
        }

        @Override
        String body(long nowMs) {
            StringBuilder body = new StringBuilder("grant_type=")
                    .append(encode(JWT_BEARER))
                    .append("&assertion=")
                    .append(encode(assertions.apply(nowMs)));
            return withScope(body).toString();
        }

        @Override
        public String toString() {
            return "Grant[jwt-bearer, scope=" + scope + "]";
        }
    }
}
