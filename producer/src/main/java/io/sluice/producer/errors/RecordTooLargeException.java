package io.sluice.producer.errors;

/** The record is larger than {@code max.request.size}, {@code buffer.memory} or the broker's limit. */
public class RecordTooLargeException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code MESSAGE_TOO_LARGE}. */
    public RecordTooLargeException(String detail, String topic, int partition) {
        super(detail, topic, partition, "MESSAGE_TOO_LARGE");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public RecordTooLargeException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
