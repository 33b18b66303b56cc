package io.sluice.producer.errors;

/**
 * Fatal: the principal may not use the {@code transactional.id} (it lacks WRITE or DESCRIBE on the
 * TransactionalId resource). Close the producer, fix the ACLs, create a new producer. Every later transactional
 * call fails with this type again.
 */
public class TransactionalIdAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code TRANSACTIONAL_ID_AUTHORIZATION_FAILED}. */
    public TransactionalIdAuthorizationException(String detail, String topic, int partition) {
        super(detail, topic, partition, "TRANSACTIONAL_ID_AUTHORIZATION_FAILED");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public TransactionalIdAuthorizationException(
            String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
