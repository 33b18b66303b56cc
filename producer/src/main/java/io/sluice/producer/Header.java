package io.sluice.producer;

/**
 * A record header: a string key and a byte value that may be null. Headers may repeat a key.
 *
 * <p>It extends the protocol module's header so that headers go into a batch without copying.
 */
public interface Header extends io.sluice.protocol.record.Header {
    /** Returns the key, never null. */
    @Override
    String key();

    /** Returns the value, or {@code null}. */
    @Override
    byte[] value();
}
