package io.sluice.producer.errors;

/** Something did not happen in time: delivery, metadata, buffer memory or a request. */
public class TimeoutException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code REQUEST_TIMED_OUT}. */
    public TimeoutException(String detail, String topic, int partition) {
        super(detail, topic, partition, "REQUEST_TIMED_OUT");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public TimeoutException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
