package io.sluice.producer.internal.spool;

import io.sluice.producer.errors.SluiceException;

/** The spool cannot be opened, read or written; the message names the directory (and file and offset, if any). */
public class SpoolException extends SluiceException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public SpoolException(String message) {
        super(message);
    }

    /** Creates the exception with a cause. */
    public SpoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
