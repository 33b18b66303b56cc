package io.sluice.producer.internal.net;

import io.sluice.producer.errors.AuthenticationException;
import java.util.function.Consumer;

/**
 * Notices a client whose {@code security.protocol} does not match the listener it reaches. A TLS listener answers a
 * plaintext request with a TLS alert, which proves the mismatch at once ({@link #mismatch}). A plaintext listener
 * drops a TLS ClientHello without a word (it reads its first bytes as a huge frame size); one early close could
 * also be a broker going down, so only {@value #STRIKES} in a row, with no connection answering in between, count
 * ({@link #closedBeforeAnswer}). Either is reported like an authentication failure, so waiting records fail at
 * once with the reason.
 *
 * <p>Used by the I/O thread only.
 */
public final class ListenerMismatchWatch {
    static final int STRIKES = 3;

    private final Consumer<AuthenticationException> failures;
    private int strikes;

    public ListenerMismatchWatch(Consumer<AuthenticationException> failures) {
        this.failures = failures;
    }

    /** A connection got its first answer: the protocol matches. */
    public void answered() {
        strikes = 0;
    }

    /** The broker's answer itself proves the mismatch, e.g. a TLS record on a plaintext connection. */
    public void mismatch(String what, String hint) {
        strikes = 0;
        failures.accept(new AuthenticationException(what + "; " + hint));
    }

    /**
     * A connection was closed by the broker before its first answer.
     *
     * @param what names the broker and says what went wrong
     * @param hint what the user should check
     */
    public void closedBeforeAnswer(String what, String hint) {
        if (++strikes >= STRIKES) {
            strikes = 0;
            failures.accept(new AuthenticationException(what + " " + STRIKES + " times in a row; " + hint));
        }
    }
}
