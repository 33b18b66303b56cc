package io.sluice.producer.errors;

/**
 * The current transaction cannot commit, but the producer is still usable: call
 * {@code abortTransaction()}, then {@code beginTransaction()} and redo the transaction's work.
 *
 * <p>Thrown by {@code commitTransaction()}, {@code sendOffsetsToTransaction(...)} and {@code send(...)} once
 * something inside the transaction failed: a record that could not be written (the cause is the record's own
 * error, e.g. {@link OutOfOrderSequenceException}, or {@link InvalidProducerEpochException} after the
 * coordinator timed the transaction out), offsets the group coordinator refused, or a coordinator answer that
 * ends the transaction but not the producer. {@link #errorName()} is the Kafka error behind it where there is one.
 * Records of the transaction that were not yet written fail with {@link TransactionAbortedException} once it is
 * aborted.
 */
public class TransactionAbortableException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param detail what happened and what to do
     * @param errorName the Kafka error name, or {@code null}
     * @param cause the failure that made the transaction abortable, or {@code null}
     */
    public TransactionAbortableException(String detail, String errorName, Throwable cause) {
        super(detail, null, -1, errorName, cause);
    }
}
