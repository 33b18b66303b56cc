package io.sluice.producer.errors;

/** The topic name is not legal or the topic is internal. */
public class InvalidTopicException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code INVALID_TOPIC_EXCEPTION}. */
    public InvalidTopicException(String detail, String topic, int partition) {
        super(detail, topic, partition, "INVALID_TOPIC_EXCEPTION");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public InvalidTopicException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
