package io.sluice.producer.errors;

/** The topic or partition does not exist (yet). */
public class UnknownTopicOrPartitionException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code UNKNOWN_TOPIC_OR_PARTITION}. */
    public UnknownTopicOrPartitionException(String detail, String topic, int partition) {
        super(detail, topic, partition, "UNKNOWN_TOPIC_OR_PARTITION");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public UnknownTopicOrPartitionException(
            String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
