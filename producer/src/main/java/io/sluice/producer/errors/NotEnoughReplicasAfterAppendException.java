package io.sluice.producer.errors;

/** The record was written to the leader but the in-sync replicas shrank below {@code min.insync.replicas}. */
public class NotEnoughReplicasAfterAppendException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code NOT_ENOUGH_REPLICAS_AFTER_APPEND}. */
    public NotEnoughReplicasAfterAppendException(String detail, String topic, int partition) {
        super(detail, topic, partition, "NOT_ENOUGH_REPLICAS_AFTER_APPEND");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public NotEnoughReplicasAfterAppendException(
            String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
