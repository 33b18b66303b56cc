package io.sluice.producer.internal.accumulate;

import io.sluice.producer.internal.metadata.Cluster;

/**
 * Chooses the partition of a record whose topic is known: the explicit one, the custom partitioner's, or the key
 * hash's; {@link #KEYLESS} asks the accumulator's built-in sticky partitioner.
 */
@FunctionalInterface
public interface PartitionChooser {
    /** The answer meaning "use the built-in keyless partitioner". */
    int KEYLESS = -1;

    /**
     * Returns the partition, or {@link #KEYLESS}.
     *
     * @throws RuntimeException to fail the record (e.g. an explicit partition beyond the partition count)
     */
    int choose(PendingRecord record, Cluster cluster);
}
