package io.sluice.producer.internal.net.sasl;

import java.nio.charset.StandardCharsets;

/**
 * SASL PLAIN (RFC 4616): one message, {@code [authzid] NUL authcid NUL passwd}, UTF-8. The authorization id is
 * left empty, so the broker authorizes as the authenticated user. Only safe over TLS or on trusted networks.
 */
final class PlainClient implements SaslMechanismClient {
    private final String username;
    private final String password;
    private boolean complete;

    PlainClient(String username, String password) {
        if (username.indexOf('\0') >= 0 || password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PLAIN user names and passwords cannot contain NUL");
        }
        this.username = username;
        this.password = password;
    }

    @Override
    public String mechanism() {
        return "PLAIN";
    }

    @Override
    public byte[] initialResponse() {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] pass = password.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[2 + user.length + pass.length];
        // message[0] is the NUL after the empty authzid.
        System.arraycopy(user, 0, message, 1, user.length);
        System.arraycopy(pass, 0, message, 2 + user.length, pass.length);
        return message;
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        // The broker's answer to PLAIN carries no data; success or failure comes in the response's error code.
        complete = true;
        return null;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public String toString() {
        return "PlainClient[user=" + username + "]";
    }
}
