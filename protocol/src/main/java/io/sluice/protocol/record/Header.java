package io.sluice.protocol.record;

/**
 * One record header: a non-null UTF-8 key and a value that may be null. Header keys need not be unique;
 * their order is kept on the wire.
 */
public interface Header {
    /** The header's key; never null. */
    String key();

    /** The header's value; {@code null} is written as a null value, distinct from an empty one. */
    byte[] value();
}
