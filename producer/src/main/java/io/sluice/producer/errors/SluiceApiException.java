package io.sluice.producer.errors;

/**
 * A failure tied to a record, a topic or a partition, usually reported by a broker with a Kafka error name.
 *
 * <p>The message has the form {@code <what happened> [topic=T, partition=P, error=NAME]}; the partition is left
 * out when unknown and the error name when the failure did not come from a broker.
 */
public class SluiceApiException extends SluiceException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final String errorName;

    /**
     * Creates the exception.
     *
     * @param detail what happened
     * @param topic the topic, or {@code null}
     * @param partition the partition, or {@code -1} when unknown
     * @param errorName the Kafka error name, or {@code null}
     * @param cause the cause, or {@code null}
     */
    public SluiceApiException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(format(detail, topic, partition, errorName), cause);
        this.topic = topic;
        this.partition = partition;
        this.errorName = errorName;
    }

    /** Creates the exception without a cause. */
    public SluiceApiException(String detail, String topic, int partition, String errorName) {
        this(detail, topic, partition, errorName, null);
    }

    private static String format(String detail, String topic, int partition, String errorName) {
        if (topic == null && errorName == null) {
            return detail;
        }
        StringBuilder sb = new StringBuilder(detail).append(" [");
        String sep = "";
        if (topic != null) {
            sb.append("topic=").append(topic);
            sep = ", ";
            if (partition >= 0) {
                sb.append(", partition=").append(partition);
            }
        }
        if (errorName != null) {
            sb.append(sep).append("error=").append(errorName);
        }
        return sb.append(']').toString();
    }

    /** Returns the topic, or {@code null}. */
    public String topic() {
        return topic;
    }

    /** Returns the partition, or {@code -1} when unknown. */
    public int partition() {
        return partition;
    }

    /** Returns the Kafka error name (e.g. {@code RECORD_LIST_TOO_LARGE}), or {@code null}. */
    public String errorName() {
        return errorName;
    }
    /**
     * Returns the exception type that matches a broker's error name, so a caller can handle each failure by type.
     * Unknown names give a {@link RetriableException} when {@code retriable}, else a plain
     * {@link SluiceApiException}.
     *
     * @param errorName the Kafka error name, e.g. {@code NOT_ENOUGH_REPLICAS}
     * @param retriable whether the protocol marks the error retriable
     * @param topic the topic
     * @param partition the partition, or {@code -1}
     * @param detail what happened, e.g. the broker's error message
     */
    public static SluiceApiException forError(
            String errorName, boolean retriable, String topic, int partition, String detail) {
        return switch (errorName) {
            case "REQUEST_TIMED_OUT" -> new TimeoutException(detail, topic, partition);
            case "MESSAGE_TOO_LARGE" -> new RecordTooLargeException(detail, topic, partition);
            case "RECORD_LIST_TOO_LARGE" -> new RecordBatchTooLargeException(detail, topic, partition);
            case "NOT_ENOUGH_REPLICAS" -> new NotEnoughReplicasException(detail, topic, partition);
            case "NOT_ENOUGH_REPLICAS_AFTER_APPEND" ->
                new NotEnoughReplicasAfterAppendException(detail, topic, partition);
            case "UNKNOWN_TOPIC_OR_PARTITION" -> new UnknownTopicOrPartitionException(detail, topic, partition);
            case "NOT_LEADER_OR_FOLLOWER" -> new NotLeaderOrFollowerException(detail, topic, partition);
            case "INVALID_TOPIC_EXCEPTION" -> new InvalidTopicException(detail, topic, partition);
            case "PRODUCER_FENCED" -> new ProducerFencedException(detail, topic, partition);
            case "INVALID_PRODUCER_EPOCH" -> new InvalidProducerEpochException(detail, topic, partition);
            case "OUT_OF_ORDER_SEQUENCE_NUMBER" -> new OutOfOrderSequenceException(detail, topic, partition);
            case "CORRUPT_MESSAGE" -> new CorruptRecordException(detail, topic, partition);
            case "INVALID_RECORD" -> new InvalidRecordException(detail, topic, partition);
            case "UNSUPPORTED_VERSION" -> new UnsupportedVersionException(detail, topic, partition);
            case "TOPIC_AUTHORIZATION_FAILED" -> new TopicAuthorizationException(detail, topic, partition);
            case "TRANSACTIONAL_ID_AUTHORIZATION_FAILED" ->
                new TransactionalIdAuthorizationException(detail, topic, partition);
            case "CLUSTER_AUTHORIZATION_FAILED" -> new ClusterAuthorizationException(detail, topic, partition);
            default ->
                retriable
                        ? new RetriableException(detail, topic, partition, errorName)
                        : new SluiceApiException(detail, topic, partition, errorName);
        };
    }
}
