package io.sluice.producer.internal.net.sasl.oauth;

/** Where access tokens come from: a token endpoint over HTTP, or a file. Called on the refresh thread only. */
public interface TokenSource {

    /**
     * Fetches a fresh token, retrying as the source's settings allow; blocks meanwhile.
     *
     * @return the compact-serialized token as issued
     * @throws TokenFetchException when no token could be had; its message is safe to show
     * @throws InterruptedException when the producer closes meanwhile
     */
    String fetch() throws TokenFetchException, InterruptedException;

    /** How messages name the source, e.g. {@code token endpoint https://idp.example/token}; never a secret. */
    String describe();
}
