package io.sluice.producer.errors;

/**
 * A transactional method was called when the producer's transaction state does not allow it: a programming error
 * in the caller, not a broker failure. Examples: {@code beginTransaction()} before {@code initTransactions()},
 * {@code commitTransaction()} without {@code beginTransaction()}, {@code send(...)} outside a transaction on a
 * transactional producer, or any transactional method on a producer without {@code transactional.id}. The message
 * names the state and the call that would have been valid. Nothing was sent; fix the call order. The producer is
 * still usable.
 *
 * <p>It extends {@link IllegalStateException}, as Kafka's producer throws that type for these mistakes.
 */
public class IllegalTransactionStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public IllegalTransactionStateException(String message) {
        super(message);
    }
}
