package io.sluice.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.record.TimestampType;

/**
 * One record as a broker stored it, read back by {@link TopicReader}. Byte arrays are the consumer's own copies; a
 * {@code null} key or value means the record had none.
 *
 * @param partition the partition it is in
 * @param offset its offset in that partition
 * @param timestamp its timestamp in milliseconds since the epoch
 * @param timestampType whether the timestamp is the producer's ({@code CreateTime}) or the broker's
 *     ({@code LogAppendTime})
 * @param key the key bytes, or {@code null}
 * @param value the value bytes, or {@code null}
 * @param headers the headers in wire order
 */
public record StoredRecord(
        int partition,
        long offset,
        long timestamp,
        TimestampType timestampType,
        byte[] key,
        byte[] value,
        List<Header> headers) {

    /** Copies the header list so the record stays unchanged. */
    public StoredRecord {
        headers = List.copyOf(headers);
    }

    /** Shows key, value and header values as UTF-8 text, so assertion messages are readable. */
    @Override
    public String toString() {
        return "StoredRecord[partition=" + partition + ", offset=" + offset + ", timestamp=" + timestamp + " ("
                + timestampType + "), key=" + keyString() + ", value=" + valueString() + ", headers=" + headers + "]";
    }

    /** The key decoded as UTF-8, or {@code null}. */
    public String keyString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value decoded as UTF-8, or {@code null}. */
    public String valueString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /**
     * One record header.
     *
     * @param key the header key
     * @param value the header value bytes, or {@code null}
     */
    public record Header(String key, byte[] value) {
        /** Shows the value as UTF-8 text. */
        @Override
        public String toString() {
            return key + "=" + valueString();
        }

        /** The value decoded as UTF-8, or {@code null}. */
        public String valueString() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    }
}
