package io.sluice.producer.errors;

/** The producer epoch is stale; abort the transaction. */
public class InvalidProducerEpochException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code INVALID_PRODUCER_EPOCH}. */
    public InvalidProducerEpochException(String detail, String topic, int partition) {
        super(detail, topic, partition, "INVALID_PRODUCER_EPOCH");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public InvalidProducerEpochException(
            String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
