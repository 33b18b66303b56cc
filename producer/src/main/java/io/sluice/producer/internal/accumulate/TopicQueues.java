package io.sluice.producer.internal.accumulate;

import io.sluice.producer.internal.metadata.Cluster;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The partition queues of one topic, indexed by partition number, plus the topic's keyless partitioner. Lookups
 * read a volatile array without locking or allocating; a new partition copies the array under a lock.
 */
final class TopicQueues {
    final String topic;
    final KeylessPartitioner keyless;
    private final ReentrantLock growLock = new ReentrantLock();
    private volatile PartitionQueue[] queues = new PartitionQueue[0];
    /**
     * The topic's resize barrier while its partition count grew and older records are not all complete, else
     * {@code null} (see {@link ResizeOrdering}).
     */
    volatile ResizeBarrier resize;
    /**
     * The latest metadata snapshot, set before it is published. Every append compares the snapshot it placed its
     * record with against it under the partition lock: the one check a topic pays when it never grows.
     */
    volatile Cluster latest;
    /** The largest partition count seen in metadata, set before the snapshot showing it is published. */
    volatile int knownPartitions;

    private final long lingerMs;

    TopicQueues(String topic, int batchSize, long lingerMs, String preferredRack) {
        this.topic = topic;
        this.lingerMs = lingerMs;
        this.keyless = new KeylessPartitioner(topic, batchSize, preferredRack);
    }

    PartitionQueue queue(int partition) {
        PartitionQueue[] current = queues;
        if (partition < current.length && current[partition] != null) {
            return current[partition];
        }
        growLock.lock();
        try {
            PartitionQueue[] again = queues;
            if (partition < again.length && again[partition] != null) {
                return again[partition];
            }
            PartitionQueue[] bigger = Arrays.copyOf(again, Math.max(again.length, partition + 1));
            bigger[partition] = new PartitionQueue(topic, partition, lingerMs);
            queues = bigger;
            return bigger[partition];
        } finally {
            growLock.unlock();
        }
    }

    /** Returns the queue if it exists, else {@code null}. */
    PartitionQueue existing(int partition) {
        PartitionQueue[] current = queues;
        return partition < current.length ? current[partition] : null;
    }

    PartitionQueue[] all() {
        return queues;
    }
}
