package io.sluice.producer.errors;

/** The broker is no longer the partition's leader. */
public class NotLeaderOrFollowerException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code NOT_LEADER_OR_FOLLOWER}. */
    public NotLeaderOrFollowerException(String detail, String topic, int partition) {
        super(detail, topic, partition, "NOT_LEADER_OR_FOLLOWER");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public NotLeaderOrFollowerException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
