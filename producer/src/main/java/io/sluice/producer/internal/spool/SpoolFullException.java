package io.sluice.producer.internal.spool;

/** A record would take the spool past {@code sluice.spool.max.bytes}; the message says what holds the space. */
public class SpoolFullException extends SpoolException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public SpoolFullException(String message) {
        super(message);
    }
}
