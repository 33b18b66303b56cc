package io.sluice.producer.internal.accumulate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The batches of one topic-partition, oldest first, guarded by its own lock. Appends touch only the last batch;
 * drain takes only the first; a retry goes back at the front.
 *
 * <p>Whoever changes the queue, or the fullness of its first batch, calls {@link #refreshHead()} before
 * releasing the lock. That publishes a summary of the first batch in volatile fields which the sender thread's
 * {@code ready()} and delivery-timeout scans read without taking the lock, so a turn of the sender loop does not
 * contend with the sending threads' appends. The summary may be a moment old when read; nothing acts on it
 * without looking again under the lock ({@code drain} re-checks each batch), and a sending thread wakes the
 * sender after every change that makes a batch sendable.
 */
final class PartitionQueue {
    /** {@link #headState()} of an empty queue. */
    static final long NO_BATCH = Long.MAX_VALUE;

    final String topic;
    final int partition;
    final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>();
    /** Whether drain must skip this partition (an in-order retry is in flight); written by the sender thread. */
    volatile boolean muted;

    private final long lingerMs;
    private volatile long headState = NO_BATCH;
    private volatile long headCreatedMs = Long.MAX_VALUE;
    private volatile int queued;

    PartitionQueue(String topic, int partition, long lingerMs) {
        this.topic = topic;
        this.partition = partition;
        this.lingerMs = lingerMs;
    }

    /**
     * Publishes the first batch's summary; caller holds {@link #lock}. Writes only what changed, so the common
     * append (to a last batch that is not the first, or that stays not full) costs a few plain reads.
     */
    void refreshHead() {
        ProducerBatch first = batches.peekFirst();
        int size = batches.size();
        long state;
        long created;
        if (first == null) {
            state = NO_BATCH;
            created = Long.MAX_VALUE;
        } else {
            created = first.createdMs();
            if (first.attempts() > 0) {
                // A retry: sendable once its backoff has passed, whatever else is going on.
                state = (first.lastAttemptMs() + first.retryBackoffMs()) << 1;
            } else if (size > 1 || first.isFull()) {
                state = (created << 1) | 1;
            } else {
                state = ((created + lingerMs) << 1) | 1;
            }
        }
        if (headState != state) {
            headState = state;
        }
        if (headCreatedMs != created) {
            headCreatedMs = created;
        }
        if (queued != size) {
            queued = size;
        }
    }

    /**
     * Returns {@link #NO_BATCH} for an empty queue, else the first batch's state: {@link #sendableAtMs} when it
     * becomes sendable by itself (full, lingered or backed off) and whether a flush, a close or threads waiting
     * for memory make it sendable at once ({@link #forcible}).
     */
    long headState() {
        return headState;
    }

    static long sendableAtMs(long headState) {
        return headState >> 1;
    }

    static boolean forcible(long headState) {
        return (headState & 1) != 0;
    }

    /** Returns when the first batch was created, or {@link Long#MAX_VALUE} for an empty queue. */
    long headCreatedMs() {
        return headCreatedMs;
    }

    /** Returns the number of batches queued, as last published. */
    int queuedBatches() {
        return queued;
    }

    /**
     * Puts a sealed, sequenced batch behind the queued sealed batches with lower sequences; caller holds the lock
     * and refreshes the head.
     */
    void insertBySequence(ProducerBatch batch) {
        List<ProducerBatch> ahead = new ArrayList<>();
        while (!batches.isEmpty()
                && batches.peekFirst().hasSequence()
                && batches.peekFirst().sealed() != null
                && batches.peekFirst().baseSequence() < batch.baseSequence()) {
            ahead.add(batches.pollFirst());
        }
        batches.addFirst(batch);
        for (int i = ahead.size() - 1; i >= 0; i--) {
            batches.addFirst(ahead.get(i));
        }
    }
}
