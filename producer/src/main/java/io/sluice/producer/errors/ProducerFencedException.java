package io.sluice.producer.errors;

/** Another producer with the same {@code transactional.id} took over; close this producer. */
public class ProducerFencedException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code PRODUCER_FENCED}. */
    public ProducerFencedException(String detail, String topic, int partition) {
        super(detail, topic, partition, "PRODUCER_FENCED");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public ProducerFencedException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
