package io.sluice.producer.errors;

/** The broker does not support what was asked of it. */
public class UnsupportedVersionException extends SluiceApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the Kafka error name is {@code UNSUPPORTED_VERSION}. */
    public UnsupportedVersionException(String detail, String topic, int partition) {
        super(detail, topic, partition, "UNSUPPORTED_VERSION");
    }

    /** Creates the exception with an explicit Kafka error name and cause. */
    public UnsupportedVersionException(String detail, String topic, int partition, String errorName, Throwable cause) {
        super(detail, topic, partition, errorName, cause);
    }
}
