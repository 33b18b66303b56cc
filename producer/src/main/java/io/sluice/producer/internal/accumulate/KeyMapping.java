package io.sluice.producer.internal.accumulate;

import io.sluice.producer.partition.KeyHashing;

/**
 * How a keyed record's partition follows from its serialized key and the topic's partition count alone. The resize
 * barrier replays it with the old and the new count to tell whether a key moved, so it only exists for mappings
 * that depend on nothing else (the built-in murmur2 one and {@code JumpHashPartitioner}).
 */
@FunctionalInterface
public interface KeyMapping {
    /** The built-in mapping, the Java client's: murmur2 of the key modulo the partition count. */
    KeyMapping MURMUR2 = KeyHashing::partitionForKey;

    /** Returns the partition of {@code key} among {@code partitionCount} partitions. */
    int partition(byte[] key, int partitionCount);
}
