package io.sluice.producer.internal.net.sasl.oauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A token read from a file ({@code sasl.oauthbearer.token.endpoint.url=file:...}), as Kafka's file retriever does:
 * something else keeps the file fresh, and every refresh reads it again.
 */
final class TokenFile implements TokenSource {
    private final Path file;

    TokenFile(Path file) {
        this.file = file;
    }

    @Override
    public String fetch() throws TokenFetchException {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (token.isEmpty()) {
                throw new TokenFetchException("the token file " + file + " is empty", false);
            }
            return token;
        } catch (IOException e) {
            throw new TokenFetchException(
                    "cannot read the token file " + file + ": " + e.getClass().getSimpleName(), false);
        }
    }

    @Override
    public String describe() {
        return "token file " + file;
    }

    @Override
    public String toString() {
        return "TokenFile[" + file + "]";
    }
}
