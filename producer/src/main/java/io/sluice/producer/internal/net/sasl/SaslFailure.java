package io.sluice.producer.internal.net.sasl;

/**
 * A SASL exchange failed on the client's side: the broker's message was malformed, carried an error or did not
 * prove the broker knows the credential. The message never holds a credential.
 */
final class SaslFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SaslFailure(String message) {
        super(message);
    }
}
