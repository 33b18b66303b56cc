package io.sluice.producer.errors;

/** The broker found the batch corrupt (CRC mismatch or bad framing). */
public class CorruptRecordException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code CORRUPT_MESSAGE}. */
    public CorruptRecordException(String detail, String topic, int partition) {
        super(detail, topic, partition, "CORRUPT_MESSAGE");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public CorruptRecordException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
