package io.sluice.producer.errors;

/** The sending thread was interrupted while blocked; the interrupt flag is set again before this is thrown. */
public class InterruptException extends SluiceException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception and restores the thread's interrupt flag. */
    public InterruptException(String message, InterruptedException cause) {
        super(message, cause);
        Thread.currentThread().interrupt();
    }
}
