package io.sluice.producer.errors;

/**
 * None of the names in {@code bootstrap.servers} resolved within {@code bootstrap.resolve.timeout.ms}. The producer
 * cannot recover: every later call fails with this error; close it, fix DNS or {@code bootstrap.servers}, and create
 * a new one.
 */
public class BootstrapResolutionException extends SluiceException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public BootstrapResolutionException(String message) {
        super(message);
    }
}
