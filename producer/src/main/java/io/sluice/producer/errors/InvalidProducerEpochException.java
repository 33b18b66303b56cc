package io.sluice.producer.errors;

/**
 * The broker refused a record because the producer epoch is stale.
 *
 * <p>On a transactional producer this completes a record's future when the coordinator has already ended the
 * transaction (for example it timed out after {@code transaction.timeout.ms}): the transaction is abortable
 * (KIP-588), so {@code commitTransaction()} throws {@link TransactionAbortableException} with this as its cause;
 * call {@code abortTransaction()}, which bumps the epoch, and start again. Where Kafka treats a stale epoch as
 * fencing (answers of the transaction coordinator) the producer throws {@link ProducerFencedException} instead.
 * On an idempotent producer without {@code transactional.id} it is fatal: close the producer.
 */
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
