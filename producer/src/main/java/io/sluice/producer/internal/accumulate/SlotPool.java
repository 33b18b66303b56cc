package io.sluice.producer.internal.accumulate;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reuses the arrays in which batches keep each record's future and callback until completion. A batch takes one
 * when it is created (on a sending thread, outside any partition lock) and gives it back, emptied, once its
 * callbacks have run (callback thread), so a producer at a steady rate allocates none of them. Bounded: arrays
 * beyond {@link #MAX_FREE} are left to the garbage collector.
 */
final class SlotPool {
    /** Enough to bridge completions and new batches; in-flight batches hold their own arrays. */
    static final int MAX_FREE = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Object[]> free = new ArrayDeque<>();

    /** Returns an empty array of at least {@code length} slots. */
    Object[] take(int length) {
        Object[] slots;
        lock.lock();
        try {
            slots = free.pollFirst();
        } finally {
            lock.unlock();
        }
        // A pooled array too short for this batch is dropped: records of a topic are usually alike in size.
        return slots != null && slots.length >= length ? slots : new Object[length];
    }

    /** Takes back an array whose slots are all {@code null}. */
    void give(Object[] slots) {
        lock.lock();
        try {
            if (free.size() < MAX_FREE) {
                free.addFirst(slots);
            }
        } finally {
            lock.unlock();
        }
    }
}
