package io.sluice.producer.internal.net.sasl.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds and signs the JWT assertion (RFC 7523) a client presents to the token endpoint, from the
 * {@code sasl.oauthbearer.assertion.*} settings:
 *
 * <pre>
 * header   {"alg":"RS256"|"ES256","typ":"JWT"} + the template's "header" members (alg always the configured one)
 * claims   iss, sub, aud from the settings           (claim.iss, claim.sub, claim.aud; when set)
 *        + the template's "payload" members           (template.file: {"header":{...},"payload":{...}})
 *        + iat = now, exp = now + claim.exp.seconds, nbf = now - claim.nbf.seconds, jti (claim.jti.include)
 * </pre>
 *
 * Each layer overrides the one above it, so a template may replace a configured claim, and the times are always
 * fresh. The template is read again for every assertion, so editing it takes effect at the next token request.
 * RS256 is RSASSA-PKCS1-v1_5 with SHA-256; ES256 is ECDSA P-256 with SHA-256, its signature the 64-byte {@code R||S}
 * of RFC 7518 section 3.4 (the JDK's {@code SHA256withECDSAinP1363Format}).
 *
 * <p>{@link #toString()} names the algorithm and claims' names only; the key never leaves this object.
 */
public final class JwtAssertion {
    /** The settings of one assertion; null claims are left out. */
    public record Claims(String issuer, String subject, String audience, int expSeconds, int nbfSeconds, boolean jti) {}

    private final String algorithm;
    private final PrivateKey key;
    private final Claims claims;
    private final Supplier<Map<String, Object>> template;

    /**
     * @param algorithm {@code RS256} or {@code ES256}
     * @param template the parsed template file, read at each call; an empty map when there is none
     * @throws IllegalArgumentException when the key does not fit the algorithm
     */
    public JwtAssertion(String algorithm, PrivateKey key, Claims claims, Supplier<Map<String, Object>> template) {
        this.algorithm = algorithm.toUpperCase(java.util.Locale.ROOT);
        this.key = Objects.requireNonNull(key);
        this.claims = claims;
        this.template = template;
        boolean fits = switch (this.algorithm) {
            case "RS256" -> key instanceof RSAPrivateKey;
            case "ES256" ->
                key instanceof ECPrivateKey ec
                        && ec.getParams().getCurve().getField().getFieldSize() == 256;
            default -> throw new IllegalArgumentException("unsupported assertion algorithm " + algorithm);
        };
        if (!fits) {
            throw new IllegalArgumentException("the private key is a " + key.getAlgorithm() + " key, which cannot sign "
                    + this.algorithm + (this.algorithm.equals("ES256") ? " (a P-256 EC key is needed)" : ""));
        }
    }

    /** A freshly signed assertion, issued at {@code nowMs}. */
    public String create(long nowMs) {
        Map<String, Object> extra = template.get();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm);
        header.put("typ", "JWT");
        header.putAll(member(extra, "header"));
        header.put("alg", algorithm);

        Map<String, Object> payload = new LinkedHashMap<>();
        putIfSet(payload, "iss", claims.issuer());
        putIfSet(payload, "sub", claims.subject());
        putIfSet(payload, "aud", claims.audience());
        payload.putAll(member(extra, "payload"));
        long now = nowMs / 1000;
        payload.put("iat", now);
        payload.put("exp", now + claims.expSeconds());
        payload.put("nbf", now - claims.nbfSeconds());
        if (claims.jti()) {
            payload.put("jti", UUID.randomUUID().toString());
        }
        String signingInput = base64Url(Json.write(header)) + "." + base64Url(Json.write(payload));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(signingInput));
    }

    private byte[] sign(String signingInput) {
        String jdkName = algorithm.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format";
        try {
            Signature signature = Signature.getInstance(jdkName);
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the " + algorithm + " assertion: "
                    + e.getClass().getName());
        }
    }

    private static Map<String, Object> member(Map<String, Object> template, String name) {
        Object value = template.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the assertion template's \"" + name + "\" is not a JSON object");
        }
        Map<String, Object> members = new LinkedHashMap<>();
        map.forEach((k, v) -> members.put((String) k, v));
        return members;
    }

    private static void putIfSet(Map<String, Object> claims, String name, String value) {
        if (value != null && !value.isBlank()) {
            claims.put(name, value);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "JwtAssertion[" + algorithm + ", iss=" + claims.issuer() + ", sub=" + claims.subject() + ", aud="
                + claims.audience() + "]";
    }
}
