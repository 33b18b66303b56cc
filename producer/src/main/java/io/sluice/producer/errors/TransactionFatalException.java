package io.sluice.producer.errors;

/**
 * The transactional producer met an error it cannot recover from that has no more specific type (the coordinator
 * answered with an error no transactional producer can get past, such as {@code INVALID_TXN_STATE} or
 * {@code UNSUPPORTED_VERSION}). Close the producer; a new producer with the same {@code transactional.id} aborts
 * whatever this one left open. Every later transactional call and every send fails with an exception of the same
 * type.
 *
 * <p>The other fatal errors have their own types: {@link ProducerFencedException} and
 * {@link TransactionalIdAuthorizationException} (and {@link ClusterAuthorizationException}).
 */
public class TransactionFatalException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param detail what happened
     * @param errorName the Kafka error name, or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public TransactionFatalException(String detail, String errorName, Throwable cause) {
        super(detail, null, -1, errorName, cause);
    }
}
