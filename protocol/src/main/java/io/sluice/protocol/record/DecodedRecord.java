package io.sluice.protocol.record;

import java.util.Arrays;
import java.util.List;

/**
 * One record read back from a batch, with its delta fields resolved against the batch header.
 *
 * @param offset base offset of the batch plus the record's offset delta
 * @param timestamp base timestamp of the batch plus the record's timestamp delta
 * @param key may be null
 * @param value may be null
 * @param headers in wire order; empty if none
 */
public record DecodedRecord(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {
    /** The headers as an array, as {@link RecordBatchBuilder#append} takes them. */
    public Header[] headerArray() {
        return headers.toArray(new Header[0]);
    }

    /** Records are equal when every field is, comparing arrays by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedRecord r
                && offset == r.offset
                && timestamp == r.timestamp
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value)
                && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(offset) * 31 + Long.hashCode(timestamp)) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "DecodedRecord(offset=" + offset + ", timestamp=" + timestamp + ", key="
                + (key == null ? "null" : key.length + " bytes") + ", value="
                + (value == null ? "null" : value.length + " bytes") + ", headers=" + headers + ")";
    }
}
