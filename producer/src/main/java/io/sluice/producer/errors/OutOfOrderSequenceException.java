package io.sluice.producer.errors;

/** The broker saw a sequence gap: records may have been lost. */
public class OutOfOrderSequenceException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code OUT_OF_ORDER_SEQUENCE_NUMBER}. */
    public OutOfOrderSequenceException(String detail, String topic, int partition) {
        super(detail, topic, partition, "OUT_OF_ORDER_SEQUENCE_NUMBER");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public OutOfOrderSequenceException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
