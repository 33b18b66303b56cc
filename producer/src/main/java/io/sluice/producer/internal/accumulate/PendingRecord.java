package io.sluice.producer.internal.accumulate;

import io.sluice.producer.Callback;
import io.sluice.producer.RecordMetadata;
import io.sluice.protocol.record.Header;
import java.util.concurrent.CompletableFuture;

/**
 * A record whose topic's metadata was not known at {@code send()}: held (and counted against
 * {@code buffer.memory}) until the metadata arrives, then partitioned and appended, or failed at its deadline.
 *
 * @param topic the topic
 * @param explicitPartition the partition the caller chose, or {@code -1}
 * @param keyObject the key before serialization (for a custom partitioner)
 * @param valueObject the value before serialization
 * @param timestamp the record's timestamp
 * @param key the serialized key
 * @param value the serialized value
 * @param headers the headers
 * @param callback the callback, may be null
 * @param future the future handed to the caller
 * @param reservedBytes the bytes counted against {@code buffer.memory}
 * @param deadlineMs when to give up waiting for metadata (clock milliseconds)
 */
public record PendingRecord(
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
        int reservedBytes,
        long deadlineMs) {}
