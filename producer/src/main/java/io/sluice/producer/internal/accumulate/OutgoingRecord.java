package io.sluice.producer.internal.accumulate;

import io.sluice.producer.Callback;
import io.sluice.producer.RecordMetadata;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.util.concurrent.CompletableFuture;

/**
 * One serialized record on its way through the accumulator, handed over whole by {@code send()}: topic, the
 * partition the caller asked for, timestamp, key, value and headers, the callback, and its size as a batch of its
 * own, computed once. It is also the record's future: {@code send()} allocates a future per record anyway, so
 * carrying the record in it costs no object more than the future alone did.
 *
 * <p>Life: the sending thread builds it and hands it to the accumulator (under a partition lock, or the lock of the
 * records held for metadata or a resize). The batch it goes into copies the bytes and then drops key, value and
 * headers and takes over the callback ({@link #handedToBatch()}), so a future the caller keeps keeps neither the
 * record's bytes nor its callback alive. The batch keeps the record, whose timestamp and sizes its
 * {@link RecordMetadata} reads, until it completes it.
 */
public final class OutgoingRecord extends CompletableFuture<RecordMetadata> {
    private final String topic;
    private final int explicitPartition;
    private final long timestamp;
    private final int sizeInBytes;
    private final int keySize;
    private final int valueSize;
    // Dropped once the bytes are in a batch.
    private byte[] key;
    private byte[] value;
    private Header[] headers;
    // Replaced only by the sending thread before hand-over; dropped when a batch or a failure takes it.
    private Callback callback;

    /**
     * Creates a record, sizing it.
     *
     * @param explicitPartition the partition the caller asked for, or {@code -1}
     * @param timestamp the record's timestamp (create time)
     * @param key the serialized key, or {@code null}
     * @param value the serialized value, or {@code null}
     * @param headers the headers, never {@code null}
     * @param callback told of the outcome after the future; may be {@code null}
     */
    public OutgoingRecord(
            String topic,
            int explicitPartition,
            long timestamp,
            byte[] key,
            byte[] value,
            Header[] headers,
            Callback callback) {
        this.topic = topic;
        this.explicitPartition = explicitPartition;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.callback = callback;
        this.keySize = key == null ? -1 : key.length;
        this.valueSize = value == null ? -1 : value.length;
        this.sizeInBytes = RecordBatchBuilder.sizeOfSingleRecordBatch(timestamp, key, value, headers);
    }

    /** Returns the topic. */
    public String topic() {
        return topic;
    }

    /** Returns the partition the caller asked for, or {@code -1}; the accumulator is told the one chosen. */
    public int explicitPartition() {
        return explicitPartition;
    }

    /** Returns the timestamp. */
    public long timestamp() {
        return timestamp;
    }

    /** Returns the record's size as the only record of a batch, batch header included. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** Returns the serialized key's length, or {@code -1} for a null key. */
    public int keySize() {
        return keySize;
    }

    /** Returns the serialized value's length, or {@code -1} for a null value. */
    public int valueSize() {
        return valueSize;
    }

    /** Returns the serialized key; {@code null} for a null key, and once the record is in a batch. */
    public byte[] key() {
        return key;
    }

    /** Returns the serialized value; {@code null} for a null value, and once the record is in a batch. */
    public byte[] value() {
        return value;
    }

    /** Returns the headers; {@code null} once the record is in a batch. */
    public Header[] headers() {
        return headers;
    }

    /**
     * Gives the record another callback. Only the sending thread, before it hands the record to the accumulator:
     * a record held inside a transaction reports its outcome to the transaction as well.
     */
    public void replaceCallback(Callback callback) {
        this.callback = callback;
    }

    /** Returns the callback, or {@code null}. */
    Callback callback() {
        return callback;
    }

    /**
     * Drops payload and callback once a batch has copied the bytes and keeps the callback itself; caller holds the
     * partition lock.
     */
    void handedToBatch() {
        key = null;
        value = null;
        headers = null;
        callback = null;
    }

    /** Returns the callback and forgets it, so a future the caller keeps does not keep it alive. */
    Callback takeCallback() {
        Callback cb = callback;
        callback = null;
        return cb;
    }

    /** The metadata of a record that never reached a batch, or whose batch is unknown: no offset. */
    RecordMetadata unsentMetadata(int partition) {
        return RecordMetadata.of(topic, partition, RecordMetadata.UNKNOWN_OFFSET, timestamp, keySize, valueSize);
    }
}
