package io.sluice.producer.internal.net.sasl.oauth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * An access token as the token endpoint issued it, with the claims the client reads from it before use, as Kafka's
 * client does: the token must be a JWT ({@code header.payload.signature}) whose payload has a numeric {@code exp}
 * and the subject claim ({@code sasl.oauthbearer.sub.claim.name}, {@code sub} by default). The client does not
 * check the signature: the broker does.
 *
 * <p>{@link #toString()} names the principal and the times only, never the token.
 *
 * @param value the compact-serialized token, presented to brokers
 * @param principal the subject claim's value
 * @param issuedAtMs the {@code iat} claim, or when the client received the token when it has none
 * @param expiresAtMs the {@code exp} claim
 */
public record AccessToken(String value, String principal, long issuedAtMs, long expiresAtMs) {

    /**
     * Reads the claims of a token received at {@code receivedAtMs}.
     *
     * @throws IllegalArgumentException when the token is not a JWT with the needed claims; the message says which,
     *     never the token
     */
    public static AccessToken parse(String token, String subjectClaim, long receivedAtMs) {
        String[] parts = token.trim().split("\\.", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            throw new IllegalArgumentException("the access token is not a JWT (header.payload.signature)");
        }
        Map<String, Object> claims;
        try {
            claims = Json.readObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the access token's payload is not a base64url JSON object");
        }
        if (!(claims.get("exp") instanceof Number exp)) {
            throw new IllegalArgumentException("the access token has no numeric exp claim");
        }
        if (!(claims.get(subjectClaim) instanceof String subject) || subject.isBlank()) {
            throw new IllegalArgumentException("the access token has no " + subjectClaim + " claim");
        }
        long issuedAt = claims.get("iat") instanceof Number iat ? seconds(iat) : receivedAtMs;
        return new AccessToken(token.trim(), subject, issuedAt, seconds(exp));
    }

    private static long seconds(Number claim) {
        return (long) (claim.doubleValue() * 1000);
    }

    @Override
    public String toString() {
        return "AccessToken[principal=" + principal + ", issuedAtMs=" + issuedAtMs + ", expiresAtMs=" + expiresAtMs
                + "]";
    }
}
