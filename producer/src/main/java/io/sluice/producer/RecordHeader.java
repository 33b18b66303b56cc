package io.sluice.producer;

import java.util.Arrays;
import java.util.Objects;

/** The plain {@link Header} implementation. The value array is kept as given, not copied. */
public final class RecordHeader implements Header {
    private final String key;
    private final byte[] value;

    /**
     * Creates a header.
     *
     * @param key the key, not null
     * @param value the value, may be null
     */
    public RecordHeader(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "Null header keys are not permitted");
        this.value = value;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public byte[] value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader(key = " + key + ", value = " + Arrays.toString(value) + ")";
    }
}
