package io.sluice.producer.internal.accumulate;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The batches of one topic-partition, oldest first, guarded by its own lock. Appends touch only the last batch;
 * drain takes only the first; a retry goes back at the front.
 */
final class PartitionQueue {
    final String topic;
    final int partition;
    final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>();
    /** Whether drain must skip this partition (an in-order retry is in flight); written by the sender thread. */
    volatile boolean muted;

    PartitionQueue(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
    }
}
