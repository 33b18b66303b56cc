package io.sluice.producer.errors;

/** The principal may not write to (or describe) the topic. */
public class TopicAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code TOPIC_AUTHORIZATION_FAILED}. */
    public TopicAuthorizationException(String detail, String topic, int partition) {
        super(detail, topic, partition, "TOPIC_AUTHORIZATION_FAILED");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public TopicAuthorizationException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
