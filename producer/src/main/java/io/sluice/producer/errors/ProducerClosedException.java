package io.sluice.producer.errors;

/** The producer was closed, or is closing, before the record could be sent. */
public class ProducerClosedException extends SluiceException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ProducerClosedException(String message) {
        super(message);
    }
}
