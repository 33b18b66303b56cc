package io.sluice.protocol.types;

/**
 * Bytes that do not follow the Kafka protocol: a length past the end of the frame, a negative size that is
 * not a null marker, a varint longer than allowed, an unknown version. Thrown by every decoder instead of
 * allocating what a corrupt length claims or reading past the frame.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
