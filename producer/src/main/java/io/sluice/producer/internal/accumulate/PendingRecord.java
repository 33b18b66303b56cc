package io.sluice.producer.internal.accumulate;

import io.sluice.producer.Callback;
import io.sluice.producer.RecordMetadata;
import io.sluice.protocol.record.Header;
import java.util.concurrent.CompletableFuture;

/**
 * A record whose topic's metadata was not known at {@code send()}: held (and counted against
 * {@code buffer.memory}) until the metadata arrives, then partitioned and appended, or failed at its deadline.
 *
 * <p>Everything is fixed at construction except the bytes it counts against {@code buffer.memory}: when the
 * metadata arrives with the buffer full of held records, the first record of a new batch takes over the
 * reservations of the held records behind it (they go into that batch), see {@link #takeReservation}. Guarded by
 * the {@link PendingRecords} lock.
 */
public final class PendingRecord {
    private final String topic;
    private final int explicitPartition;
    private final Object keyObject;
    private final Object valueObject;
    private final long timestamp;
    private final byte[] key;
    private final byte[] value;
    private final Header[] headers;
    private final Callback callback;
    private final CompletableFuture<RecordMetadata> future;
    private final long deadlineMs;
    private long reservedBytes;

    /**
     * Creates a record to hold; it counts nothing against {@code buffer.memory} until {@link
     * RecordAccumulator#hold} reserves its size.
     *
     * @param deadlineMs when to give up waiting for metadata (clock milliseconds)
     */
    public PendingRecord(
            String topic,
            int explicitPartition,
            Object keyObject,
            Object valueObject,
            long timestamp,
            byte[] key,
            byte[] value,
            Header[] headers,
            Callback callback,
            CompletableFuture<RecordMetadata> future,
            long deadlineMs) {
        this.topic = topic;
        this.explicitPartition = explicitPartition;
        this.keyObject = keyObject;
        this.valueObject = valueObject;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.callback = callback;
        this.future = future;
        this.deadlineMs = deadlineMs;
    }

    /** Counts {@code bytes} more as reserved for this record. */
    void addReservation(long bytes) {
        reservedBytes += bytes;
    }

    /** Moves up to {@code wanted} reserved bytes from {@code other} to this record; returns how many moved. */
    long takeReservation(PendingRecord other, long wanted) {
        long moved = Math.min(wanted, other.reservedBytes);
        other.reservedBytes -= moved;
        reservedBytes += moved;
        return moved;
    }

    public String topic() {
        return topic;
    }

    public int explicitPartition() {
        return explicitPartition;
    }

    public Object keyObject() {
        return keyObject;
    }

    public Object valueObject() {
        return valueObject;
    }

    public long timestamp() {
        return timestamp;
    }

    public byte[] key() {
        return key;
    }

    public byte[] value() {
        return value;
    }

    public Header[] headers() {
        return headers;
    }

    public Callback callback() {
        return callback;
    }

    public CompletableFuture<RecordMetadata> future() {
        return future;
    }

    /** The bytes this record counts against {@code buffer.memory} now. */
    public long reservedBytes() {
        return reservedBytes;
    }

    public long deadlineMs() {
        return deadlineMs;
    }
}
