package io.sluice.producer.internal.net.sasl.oauth;

/**
 * No access token could be had from the token endpoint (or token file). The message names the endpoint and the HTTP
 * status and OAuth error, never a secret or a token; {@link #retriable()} says whether asking again may help (a
 * refused credential does not; a timeout or a 503 may).
 */
public final class TokenFetchException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    /** Creates the exception. */
    public TokenFetchException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    /** Whether another attempt may succeed. */
    public boolean retriable() {
        return retriable;
    }
}
