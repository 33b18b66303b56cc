package io.sluice.producer.errors;

/** The principal may not do what was asked; fix the ACLs, retrying will not help. */
public class AuthorizationException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public AuthorizationException(String detail, String topic, int partition, String errorName) {
        super(detail, topic, partition, errorName);
    }

    /** Creates the exception with its cause. */
    public AuthorizationException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
