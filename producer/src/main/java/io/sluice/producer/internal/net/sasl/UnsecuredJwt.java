package io.sluice.producer.internal.net.sasl;

import io.sluice.producer.errors.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the unsigned JSON Web Tokens ({@code "alg":"none"}, RFC 7519 section 6) that Kafka's OAUTHBEARER
 * accepts for tests, from the {@code unsecuredLogin*} options of {@code sasl.jaas.config}:
 *
 * <pre>
 * unsecuredLoginStringClaim_&lt;name&gt;="value"       a string claim, e.g. unsecuredLoginStringClaim_sub="alice"
 * unsecuredLoginNumberClaim_&lt;name&gt;="123"         a number claim
 * unsecuredLoginListClaim_&lt;name&gt;=",a,b"          a list claim; the first character separates the items
 * unsecuredLoginExtension_&lt;name&gt;="value"         a SASL extension sent beside the token
 * unsecuredLoginPrincipalClaimName="sub"          the claim naming the principal, which must be set
 * unsecuredLoginLifetimeSeconds="3600"            exp = iat + this
 * </pre>
 *
 * The token is {@code base64url(header) "." base64url(claims) "."}: an empty signature.
 */
final class UnsecuredJwt {
    private static final String STRING_CLAIM = "unsecuredLoginStringClaim_";
    private static final String NUMBER_CLAIM = "unsecuredLoginNumberClaim_";
    private static final String LIST_CLAIM = "unsecuredLoginListClaim_";
    private static final String EXTENSION = "unsecuredLoginExtension_";
    private static final String KEY = "sasl.jaas.config";

    private UnsecuredJwt() {}

    /** The token for these options, issued at {@code nowMs}. */
    static String token(Map<String, String> options, long nowMs) {
        String principalClaim = options.getOrDefault("unsecuredLoginPrincipalClaimName", "sub");
        long lifetime = number(options.getOrDefault("unsecuredLoginLifetimeSeconds", "3600"), "lifetime");
        long iat = nowMs / 1000;
        StringBuilder claims =
                new StringBuilder("{\"iat\":").append(iat).append(",\"exp\":").append(iat + lifetime);
        boolean principalSet = false;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            String name;
            if (key.startsWith(STRING_CLAIM)) {
                name = claimName(key, STRING_CLAIM);
                claims.append(',').append(quote(name)).append(':').append(quote(value));
            } else if (key.startsWith(NUMBER_CLAIM)) {
                name = claimName(key, NUMBER_CLAIM);
                claims.append(',').append(quote(name)).append(':').append(number(value, name));
            } else if (key.startsWith(LIST_CLAIM)) {
                name = claimName(key, LIST_CLAIM);
                claims.append(',').append(quote(name)).append(':').append(list(value));
            } else {
                continue;
            }
            principalSet |= name.equals(principalClaim);
        }
        if (!principalSet) {
            throw new ConfigException(
                    KEY,
                    "[hidden]",
                    "the unsecured OAUTHBEARER token needs a " + principalClaim + " claim, e.g. " + STRING_CLAIM
                            + principalClaim + "=\"alice\"");
        }
        claims.append('}');
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The {@code unsecuredLoginExtension_*} options as SASL extensions. */
    static Map<String, String> extensions(Map<String, String> options) {
        Map<String, String> extensions = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getKey().startsWith(EXTENSION)) {
                extensions.put(e.getKey().substring(EXTENSION.length()), e.getValue());
            }
        }
        return extensions;
    }

    private static String claimName(String key, String prefix) {
        String name = key.substring(prefix.length());
        if (name.isEmpty() || name.equals("iat") || name.equals("exp")) {
            throw new ConfigException(KEY, "[hidden]", "option " + key + " names no claim, or a reserved one");
        }
        return name;
    }

    private static long number(String value, String what) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(KEY, "[hidden]", "the unsecured OAUTHBEARER " + what + " must be a number");
        }
    }

    private static String list(String value) {
        if (value.isEmpty()) {
            return "[]";
        }
        String separator = value.substring(0, 1);
        StringBuilder sb = new StringBuilder("[");
        String sep = "";
        for (String item : value.substring(1).split(java.util.regex.Pattern.quote(separator), -1)) {
            if (!item.isEmpty()) {
                sb.append(sep).append(quote(item));
                sep = ",";
            }
        }
        return sb.append(']').toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
