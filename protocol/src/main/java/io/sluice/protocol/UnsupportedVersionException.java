package io.sluice.protocol;

/**
 * The broker and this library share no version of an API: the broker's range and ours do not overlap, or
 * the broker does not offer the API at all.
 */
public final class UnsupportedVersionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the API and both version ranges. */
    public UnsupportedVersionException(String message) {
        super(message);
    }
}
