package io.sluice.producer.errors;

/**
 * The producer could not authenticate to a broker, or could not trust it: a refused SASL credential, a mechanism
 * the broker does not enable, a TLS certificate that is not trusted or does not match the broker's host name.
 *
 * <p>Retrying does not help until the configuration or the cluster changes, so records waiting for a connection
 * fail with this exception instead of waiting out {@code max.block.ms} or {@code delivery.timeout.ms}. The message
 * names the broker and the reason, never a secret.
 */
public class AuthenticationException extends SluiceException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public AuthenticationException(String message) {
        super(message);
    }

    /** Creates the exception with a cause. */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
