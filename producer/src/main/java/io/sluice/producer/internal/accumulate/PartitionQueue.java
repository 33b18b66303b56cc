package io.sluice.producer.internal.accumulate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The batches of one topic-partition, oldest first, guarded by its own lock. Appends touch only the last batch;
 * drain takes only the first; a retry goes back at the front.
 *
 * <p>The lock and the deque are this class's own. Work that is the queue's alone (a retry going back, expiry,
 * abort) is a method that locks by itself. Work that interleaves the accumulator's logic with the queue (append,
 * drain, growing a batch) runs between {@link #lock()} and {@link #unlock()}, calling the guarded methods; no lambda
 * per record.
 *
 * <p>{@link #unlock()} publishes a summary of the first batch in volatile fields before it releases the lock, so no
 * change can leave it stale. The sender thread's {@code ready()} and delivery-timeout scans read that summary
 * without taking the lock, so a turn of the sender loop does not contend with the sending threads' appends. The
 * summary may be a moment old when read; nothing acts on it without looking again under the lock ({@code drain}
 * re-checks each batch), and a sending thread wakes the sender after every change that makes a batch sendable.
 */
final class PartitionQueue {
    /** {@link #headState()} of an empty queue. */
    static final long NO_BATCH = Long.MAX_VALUE;

    final String topic;
    final int partition;
    /** Whether drain must skip this partition (an in-order retry is in flight); written by the sender thread. */
    volatile boolean muted;

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>();

    private final long lingerMs;
    private volatile long headState = NO_BATCH;
    private volatile long headCreatedMs = Long.MAX_VALUE;
    private volatile int queued;

    PartitionQueue(String topic, int partition, long lingerMs) {
        this.topic = topic;
        this.partition = partition;
        this.lingerMs = lingerMs;
    }

    // ------------------------------------------------------------------ locked sections of the accumulator

    /** Takes the lock for a run of the guarded calls below; release it with {@link #unlock()} in a finally block. */
    void lock() {
        lock.lock();
    }

    /** Publishes the first batch's summary, then releases the lock. */
    void unlock() {
        try {
            refreshHead();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the oldest batch, or {@code null}; caller holds the lock. */
    ProducerBatch first() {
        assert lock.isHeldByCurrentThread();
        return batches.peekFirst();
    }

    /** Returns the newest batch, the one appends go to, or {@code null}; caller holds the lock. */
    ProducerBatch last() {
        assert lock.isHeldByCurrentThread();
        return batches.peekLast();
    }

    /** Installs a new batch behind the others; caller holds the lock. */
    void addLast(ProducerBatch batch) {
        assert lock.isHeldByCurrentThread();
        batches.addLast(batch);
    }

    /** Removes and returns the oldest batch; caller holds the lock. */
    ProducerBatch pollFirst() {
        assert lock.isHeldByCurrentThread();
        return batches.pollFirst();
    }

    /** Returns whether some batch is full: more than one is queued, or the only one is. Caller holds the lock. */
    boolean hasFullBatch() {
        assert lock.isHeldByCurrentThread();
        ProducerBatch last = batches.peekLast();
        return batches.size() > 1 || (last != null && last.isFull());
    }

    // ------------------------------------------------------------------ operations that lock by themselves

    /** Puts a batch back for a retry: at the front, or for a sequenced batch behind the retries before it. */
    void requeue(ProducerBatch batch) {
        lock.lock();
        try {
            if (batch.hasSequence()) {
                // Keep retried batches in sequence order ahead of never-sent ones.
                insertBySequence(batch);
            } else {
                batches.addFirst(batch);
            }
        } finally {
            unlock();
        }
    }

    /** Puts the halves of a split batch at the front, in order, or for sequenced halves by sequence. */
    void requeueSplit(List<ProducerBatch> halves, boolean bySequence) {
        lock.lock();
        try {
            if (bySequence) {
                // Several refused batches of one partition may be split in any order: place each half by
                // sequence among the sealed batches waiting for a retry.
                for (ProducerBatch half : halves) {
                    insertBySequence(half);
                }
            } else {
                for (int i = halves.size() - 1; i >= 0; i--) {
                    batches.addFirst(halves.get(i));
                }
            }
        } finally {
            unlock();
        }
    }

    /**
     * Removes the batches at the front that reached {@code delivery.timeout.ms} and adds them to {@code expired},
     * created when {@code null} and first needed; returns it. The queue is in creation order, so the first batch
     * that has not expired ends the search.
     */
    List<ProducerBatch> pollExpired(long deliveryTimeoutMs, long nowMs, List<ProducerBatch> expired) {
        lock.lock();
        try {
            ProducerBatch b;
            while ((b = batches.peekFirst()) != null && b.hasReachedDeliveryTimeout(deliveryTimeoutMs, nowMs)) {
                batches.pollFirst();
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(b);
            }
            return expired;
        } finally {
            unlock();
        }
    }

    /** Removes every queued batch into {@code into}. */
    void pollAll(List<ProducerBatch> into) {
        lock.lock();
        try {
            into.addAll(batches);
            batches.clear();
        } finally {
            unlock();
        }
    }

    /** Removes a batch if it is queued; returns whether it was. */
    boolean remove(ProducerBatch batch) {
        lock.lock();
        try {
            return batches.remove(batch);
        } finally {
            unlock();
        }
    }

    /**
     * Removes a batch if it is queued and was never sealed (its bytes were never sent); returns whether it was. A
     * sealed batch waiting for a retry keeps its place.
     */
    boolean removeUnsealed(ProducerBatch batch) {
        lock.lock();
        try {
            return !batch.isSealed() && batches.remove(batch);
        } finally {
            unlock();
        }
    }

    /** Returns the sealed batches queued (retries, split halves), in queue order. */
    List<ProducerBatch> sealedBatches() {
        List<ProducerBatch> sealed = new ArrayList<>();
        lock.lock();
        try {
            for (ProducerBatch b : batches) {
                if (b.isSealed()) {
                    sealed.add(b);
                }
            }
        } finally {
            lock.unlock(); // read only
        }
        return sealed;
    }

    /** Returns the number of batches queued, under the lock. */
    int size() {
        lock.lock();
        try {
            return batches.size();
        } finally {
            lock.unlock(); // read only
        }
    }

    /**
     * Takes and releases the lock, so that whatever held it (an append installing and registering a batch) has
     * finished when this returns.
     */
    void awaitHolder() {
        lock.lock();
        lock.unlock();
    }

    // ------------------------------------------------------------------ the published summary

    /**
     * Publishes the first batch's summary; caller holds {@link #lock}. Writes only what changed, so the common
     * append (to a last batch that is not the first, or that stays not full) costs a few plain reads.
     */
    private void refreshHead() {
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

    /** Puts a sealed, sequenced batch behind the queued sealed batches with lower sequences; caller holds the lock. */
    private void insertBySequence(ProducerBatch batch) {
        List<ProducerBatch> ahead = new ArrayList<>();
        while (!batches.isEmpty()
                && batches.peekFirst().hasSequence()
                && batches.peekFirst().isSealed()
                && batches.peekFirst().baseSequence() < batch.baseSequence()) {
            ahead.add(batches.pollFirst());
        }
        batches.addFirst(batch);
        for (int i = ahead.size() - 1; i >= 0; i--) {
            batches.addFirst(ahead.get(i));
        }
    }
}
