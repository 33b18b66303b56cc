package io.sluice.producer.errors;

/** The broker rejected the record, e.g. a null key on a compacted topic. */
public class InvalidRecordException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code INVALID_RECORD}. */
    public InvalidRecordException(String detail, String topic, int partition) {
        super(detail, topic, partition, "INVALID_RECORD");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public InvalidRecordException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
