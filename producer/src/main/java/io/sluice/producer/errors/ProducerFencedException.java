package io.sluice.producer.errors;

/**
 * Fatal: another producer with the same {@code transactional.id} called {@code initTransactions()} and took over
 * (or this producer's epoch is stale where Kafka treats that as fencing, in which case {@link #errorName()} is
 * {@code INVALID_PRODUCER_EPOCH}). This producer can no longer write: close it. Do not abort or retry; the newer
 * instance owns the transactional id and the coordinator has aborted or will abort this producer's open
 * transaction. Every later transactional call and send fails with this type again; {@code close()} still works.
 */
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
