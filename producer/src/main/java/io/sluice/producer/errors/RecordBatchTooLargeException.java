package io.sluice.producer.errors;

/** The batch is larger than the broker accepts ({@code message.max.bytes}). */
public class RecordBatchTooLargeException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code RECORD_LIST_TOO_LARGE}. */
    public RecordBatchTooLargeException(String detail, String topic, int partition) {
        super(detail, topic, partition, "RECORD_LIST_TOO_LARGE");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public RecordBatchTooLargeException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
