package io.sluice.producer.errors;

/** The principal lacks a cluster-level permission, e.g. IdempotentWrite. */
public class ClusterAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code CLUSTER_AUTHORIZATION_FAILED}. */
    public ClusterAuthorizationException(String detail, String topic, int partition) {
        super(detail, topic, partition, "CLUSTER_AUTHORIZATION_FAILED");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public ClusterAuthorizationException(
            String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
