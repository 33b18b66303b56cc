package io.sluice.producer.internal.net.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The client side of SASL OAUTHBEARER (RFC 7628, section 3.1):
 *
 * <pre>
 * initial  n,, ^A auth=Bearer &lt;token&gt; ^A [key=value ^A]* ^A        (^A is the byte 0x01)
 * broker   empty on success; a JSON error otherwise, which the client acknowledges with a single ^A
 * </pre>
 *
 * After an error the broker ends the exchange with SASL_AUTHENTICATION_FAILED, so the client's acknowledgement is
 * its last word either way.
 */
final class OAuthBearerClient implements SaslMechanismClient {
    private static final char SEPARATOR = '\u0001';
    private static final Pattern EXTENSION_KEY = Pattern.compile("[A-Za-z]+");

    private final String token;
    private final Map<String, String> extensions;
    private boolean complete;
    private String brokerError;

    OAuthBearerClient(String token, Map<String, String> extensions) {
        if (token == null || token.isEmpty()) {
            throw new SaslFailure("the OAUTHBEARER token is empty");
        }
        for (Map.Entry<String, String> e : extensions.entrySet()) {
            if (!EXTENSION_KEY.matcher(e.getKey()).matches() || e.getKey().equals("auth")) {
                throw new SaslFailure("invalid OAUTHBEARER extension name " + e.getKey());
            }
            if (e.getValue().indexOf(SEPARATOR) >= 0) {
                throw new SaslFailure("the value of OAUTHBEARER extension " + e.getKey() + " contains 0x01");
            }
        }
        this.token = token;
        this.extensions = extensions;
    }

    @Override
    public String mechanism() {
        return "OAUTHBEARER";
    }

    @Override
    public byte[] initialResponse() {
        StringBuilder sb = new StringBuilder("n,,").append(SEPARATOR);
        sb.append("auth=Bearer ").append(token).append(SEPARATOR);
        for (Map.Entry<String, String> e : extensions.entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append(SEPARATOR);
        }
        return sb.append(SEPARATOR).toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        if (challenge.length == 0) {
            complete = true;
            return null;
        }
        if (brokerError != null) {
            throw new SaslFailure("the broker sent OAUTHBEARER data after its error: " + brokerError);
        }
        // The broker's JSON error names a status and scope, never our token, so it may be shown.
        brokerError = new String(challenge, StandardCharsets.UTF_8);
        return new byte[] {SEPARATOR};
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    /** The broker's JSON error, or null. */
    String brokerError() {
        return brokerError;
    }

    @Override
    public String toString() {
        return "OAuthBearerClient[extensions=" + extensions.keySet() + "]";
    }
}
