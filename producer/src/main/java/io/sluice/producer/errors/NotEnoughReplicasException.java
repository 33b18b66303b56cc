package io.sluice.producer.errors;

/** Fewer in-sync replicas than {@code min.insync.replicas}; the record was not written. */
public class NotEnoughReplicasException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code NOT_ENOUGH_REPLICAS}. */
    public NotEnoughReplicasException(String detail, String topic, int partition) {
        super(detail, topic, partition, "NOT_ENOUGH_REPLICAS");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public NotEnoughReplicasException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
