package io.sluice.producer.internal.accumulate;

import io.sluice.producer.errors.BufferExhaustedException;
import io.sluice.producer.errors.InterruptException;
import io.sluice.producer.internal.metrics.ProducerMetrics;
import io.sluice.producer.internal.time.Clock;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A hard cap on the bytes the producer buffers ({@code buffer.memory}), with a free list of buffers of the
 * common batch size so they are reused instead of reallocated.
 *
 * <p>With {@code buffer.memory.allocation.strategy=incremental} batches start small and grow by doubling, so the pool
 * also keeps free buffers of the powers of two from 1 KiB up to below the poolable size ({@link #smallerFree}):
 * without them every growth step would be a fresh allocation.
 *
 * <p>Invariant: {@code unpooledAvailable + free.size() * poolableSize + smallerFreeBytes + bytes handed out ==
 * totalMemory}.
 *
 * <p>Fairness: a caller who cannot be served at once queues behind earlier waiters and memory goes to the queue's
 * head first; a newcomer never overtakes a waiter. A waiter wakes as soon as any memory is returned, takes what
 * is there, and keeps waiting for the rest (holding what it took, so a large request is not starved by small
 * ones). Buffers are allocated outside the lock.
 */
public final class BufferPool {
    private final long totalMemory;
    private final int poolableSize;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<ByteBuffer> free = new ArrayDeque<>();
    /** Free buffers of size {@code 1 KiB << i}, below the poolable size; null when only that size is pooled. */
    private final Deque<ByteBuffer>[] smallerFree;

    private long smallerFreeBytes;
    private final Deque<Condition> waiters = new ArrayDeque<>();
    private long unpooledAvailable;
    private boolean closed;

    private volatile ProducerMetrics metrics = ProducerMetrics.NONE;

    /**
     * Creates a pool.
     *
     * @param totalMemory the cap in bytes ({@code buffer.memory})
     * @param poolableSize the size of buffers kept for reuse ({@code batch.size})
     * @param clock the clock for blocking deadlines
     */
    public BufferPool(long totalMemory, int poolableSize, Clock clock) {
        this(totalMemory, poolableSize, clock, false);
    }

    /**
     * Creates a pool that may also keep the smaller powers of two, for batches that grow by doubling.
     *
     * @param poolSmallerSizes whether buffers of 1 KiB, 2 KiB, ... below {@code poolableSize} are kept for reuse
     */
    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of generic deques, each created on first use
    public BufferPool(long totalMemory, int poolableSize, Clock clock, boolean poolSmallerSizes) {
        this.smallerFree = poolSmallerSizes ? new Deque[Integer.SIZE] : null;
        this.totalMemory = totalMemory;
        this.poolableSize = poolableSize;
        this.clock = clock;
        this.unpooledAvailable = totalMemory;
    }

    /** Records waits for memory and exhausted waits into {@code metrics}. */
    public void setMetrics(ProducerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Takes a buffer of {@code size} bytes, waiting up to {@code maxBlockMs} for memory.
     *
     * @throws BufferExhaustedException when the memory did not free up in time
     * @throws IllegalArgumentException when {@code size} exceeds the whole pool
     * @throws InterruptException when interrupted while waiting
     */
    public ByteBuffer allocate(int size, long maxBlockMs) {
        ByteBuffer pooled = acquire(size, maxBlockMs, true);
        return pooled != null ? pooled : ByteBuffer.allocate(size);
    }

    /**
     * Counts {@code bytes} against the cap without handing out a buffer (for records held until their topic's
     * metadata is known), waiting up to {@code maxBlockMs}. Give them back with {@link #release(long)}.
     */
    public void reserve(int bytes, long maxBlockMs) {
        acquire(bytes, maxBlockMs, false);
    }

    /**
     * Gives back bytes counted by {@link #reserve(int, long)}, or those of a buffer taken with {@link #allocate} that
     * must never be handed out again (something may still read it): that buffer is left to the garbage collector.
     */
    public void release(long bytes) {
        lock.lock();
        try {
            unpooledAvailable += bytes;
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Turns a reservation into a buffer of {@code size} bytes without waiting: the reservation counts toward the
     * buffer (ahead of waiters, since it is memory the caller already holds). Returns {@code null}, reservation
     * kept, when that is not possible now.
     */
    public ByteBuffer exchangeReservation(long reserved, int size) {
        ByteBuffer pooled = null;
        lock.lock();
        try {
            if (size == poolableSize && !free.isEmpty() && reserved >= size) {
                // take a pooled buffer and return the reservation
                pooled = free.pollFirst();
                unpooledAvailable += reserved;
                signalHead();
                return pooled;
            }
            long extra = size - reserved;
            if (extra > 0) {
                freeUp(extra);
                if (unpooledAvailable < extra) {
                    return null;
                }
            }
            unpooledAvailable -= extra;
            if (extra < 0) {
                signalHead();
            }
        } finally {
            lock.unlock();
        }
        return ByteBuffer.allocate(size);
    }

    private ByteBuffer acquire(int size, long maxBlockMs, boolean wantBuffer) {
        if (size > totalMemory) {
            throw new IllegalArgumentException("Attempt to allocate " + size + " bytes, but there is a hard limit of "
                    + totalMemory + " on memory allocations (buffer.memory).");
        }
        lock.lock();
        try {
            checkOpen();
            if (waiters.isEmpty()) {
                ByteBuffer reused = wantBuffer ? takeFree(size) : null;
                if (reused != null) {
                    return reused;
                }
                if (availableUnlocked() >= size) {
                    freeUp(size);
                    unpooledAvailable -= size;
                    return null;
                }
            }
            return waitFor(size, maxBlockMs, wantBuffer);
        } finally {
            lock.unlock();
        }
    }

    /** Queues as a waiter until {@code size} bytes are gathered; the lock is held. */
    private ByteBuffer waitFor(int size, long maxBlockMs, boolean wantBuffer) {
        Condition moreMemory = lock.newCondition();
        waiters.addLast(moreMemory);
        long startNs = clock.nanoseconds();
        long deadline = startNs + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
        long gathered = 0;
        boolean success = false;
        try {
            while (true) {
                if (waiters.peekFirst() == moreMemory) {
                    ByteBuffer reused = gathered == 0 && wantBuffer ? takeFree(size) : null;
                    if (reused != null) {
                        success = true;
                        return reused;
                    }
                    freeUp(size - gathered);
                    long take = Math.min(size - gathered, unpooledAvailable);
                    unpooledAvailable -= take;
                    gathered += take;
                    if (gathered >= size) {
                        success = true;
                        return null;
                    }
                }
                long remaining = deadline - clock.nanoseconds();
                if (remaining <= 0) {
                    metrics.bufferExhausted(clock.milliseconds());
                    throw new BufferExhaustedException(
                            "Failed to allocate " + size + " bytes within the configured max blocking time "
                                    + maxBlockMs + " ms (max.block.ms): buffer.memory is exhausted. Total memory: "
                                    + totalMemory + " bytes. Available memory: " + availableUnlocked()
                                    + " bytes. Poolable size: " + poolableSize + " bytes",
                            null,
                            -1);
                }
                try {
                    clock.await(moreMemory, remaining);
                } catch (InterruptedException e) {
                    throw new InterruptException("Interrupted while waiting for buffer memory", e);
                }
                checkOpen();
            }
        } finally {
            if (!success) {
                unpooledAvailable += gathered;
            }
            waiters.remove(moreMemory);
            signalHead();
            metrics.bufferWaited(clock.nanoseconds() - startNs, clock.milliseconds());
        }
    }

    /**
     * Returns a buffer taken with {@link #allocate(int, long)}. A buffer of the poolable size goes to the free list
     * for reuse; any other is dropped and its size returned to the cap.
     *
     * @param buffer the buffer
     * @param size the size that was allocated
     */
    public void deallocate(ByteBuffer buffer, int size) {
        lock.lock();
        try {
            int smaller = smallerClass(size);
            if (size == poolableSize && buffer.capacity() == poolableSize && !buffer.isReadOnly()) {
                buffer.clear();
                free.addLast(buffer);
            } else if (smaller >= 0 && buffer.capacity() == size && !buffer.isReadOnly()) {
                buffer.clear();
                if (smallerFree[smaller] == null) {
                    smallerFree[smaller] = new ArrayDeque<>();
                }
                smallerFree[smaller].addLast(buffer);
                smallerFreeBytes += size;
            } else {
                unpooledAvailable += size;
            }
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    /** Releases pooled buffers until {@code size} bytes are unpooled, or the free list is empty. */
    private void freeUp(long size) {
        while (!free.isEmpty() && unpooledAvailable < size) {
            unpooledAvailable += free.pollLast().capacity();
        }
        for (int i = 0; smallerFreeBytes > 0 && unpooledAvailable < size && i < smallerFree.length; i++) {
            Deque<ByteBuffer> list = smallerFree[i];
            while (list != null && !list.isEmpty() && unpooledAvailable < size) {
                int capacity = list.pollLast().capacity();
                smallerFreeBytes -= capacity;
                unpooledAvailable += capacity;
            }
        }
    }

    /** A free buffer of exactly {@code size} bytes, or null; the lock is held. */
    private ByteBuffer takeFree(int size) {
        if (size == poolableSize) {
            return free.pollFirst();
        }
        int smaller = smallerClass(size);
        if (smaller < 0 || smallerFree[smaller] == null || smallerFree[smaller].isEmpty()) {
            return null;
        }
        smallerFreeBytes -= size;
        return smallerFree[smaller].pollFirst();
    }

    /** The free-list index of a size this pool keeps below the poolable size, or -1. */
    private int smallerClass(int size) {
        if (smallerFree == null || size < SMALLEST_POOLED || size >= poolableSize || Integer.bitCount(size) != 1) {
            return -1;
        }
        return Integer.numberOfTrailingZeros(size);
    }

    /** The smallest buffer kept for reuse below the poolable size: an incremental batch's first buffer. */
    static final int SMALLEST_POOLED = AccumulatorSettings.FIRST_INCREMENT;

    private void signalHead() {
        Condition head = waiters.peekFirst();
        if (head != null && (unpooledAvailable > 0 || !free.isEmpty() || smallerFreeBytes > 0)) {
            head.signal();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new io.sluice.producer.errors.ProducerClosedException("Producer closed while allocating memory");
        }
    }

    private long availableUnlocked() {
        return unpooledAvailable + (long) free.size() * poolableSize + smallerFreeBytes;
    }

    /** Returns the bytes not handed out: unpooled plus pooled free buffers. */
    public long availableMemory() {
        lock.lock();
        try {
            return availableUnlocked();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the bytes held by free pooled buffers. */
    public long pooledFreeMemory() {
        lock.lock();
        try {
            return (long) free.size() * poolableSize + smallerFreeBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of callers waiting for memory. */
    public int queued() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /** Returns {@code buffer.memory}. */
    public long totalMemory() {
        return totalMemory;
    }

    /** Returns the size of buffers kept for reuse. */
    public int poolableSize() {
        return poolableSize;
    }

    /** Wakes every waiter with a {@link io.sluice.producer.errors.ProducerClosedException}. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Condition c : waiters) {
                c.signal();
            }
        } finally {
            lock.unlock();
        }
    }
}
