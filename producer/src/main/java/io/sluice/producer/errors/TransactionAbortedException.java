package io.sluice.producer.errors;

/**
 * The record was not written because its transaction was aborted, by {@code abortTransaction()} or after an
 * earlier failure in the same transaction. Nothing to do for this record but send it again in a new transaction if
 * the application wants it written; the producer is still usable.
 */
public class TransactionAbortedException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param detail what happened
     * @param topic the record's topic, or {@code null}
     * @param partition the record's partition, or {@code -1}
     * @param cause the failure that made the transaction abort, or {@code null} for an abort the caller asked for
     */
    public TransactionAbortedException(String detail, String topic, int partition, Throwable cause) {
        super(detail, topic, partition, null, cause);
    }
}
