package io.sluice.producer.errors;

/** A failure that may go away if the application sends the record again. */
public class RetriableException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public RetriableException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }

    /** Creates the exception without a cause. */
    public RetriableException(String detail, String topic, int partition, String errorName) {
        super(detail, topic, partition, errorName, null);
    }
}
