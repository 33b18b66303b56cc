package io.sluice.protocol.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * A plain {@link Header}, as produced by {@link RecordBatchReader}. The value array is held, not copied.
 *
 * @param key the header key, never null
 * @param value the header value, may be null
 */
public record RecordHeader(String key, byte[] value) implements Header {
    /** Rejects a null key, which Kafka does not allow. */
    public RecordHeader {
        Objects.requireNonNull(key, "header key");
    }

    /** Headers are equal when their keys are equal and their values hold the same bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader(" + key + ", " + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
