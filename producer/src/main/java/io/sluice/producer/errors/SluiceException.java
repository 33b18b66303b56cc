package io.sluice.producer.errors;

/** The root of every exception the producer throws or completes a future with. */
public class SluiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public SluiceException(String message) {
        super(message);
    }

    /** Creates the exception with a cause. */
    public SluiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
