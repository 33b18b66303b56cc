package io.sluice.producer.errors;

/** The key or value serializer failed; the cause is the serializer's exception. */
public class SerializationException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; this is a client-side failure without a Kafka error name. */
    public SerializationException(String detail, String topic, int partition) {
        super(detail, topic, partition, null);
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public SerializationException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
