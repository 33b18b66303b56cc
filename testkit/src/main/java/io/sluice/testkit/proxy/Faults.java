package io.sluice.testkit.proxy;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The fault switches of one proxy, read by its connections' threads on every chunk, so a change applies to bytes
 * already flowing. Thread-safe.
 */
final class Faults {
    private final Map<Direction, Long> latencyNanos = new EnumMap<>(Direction.class);
    private final Map<Direction, Pacer> pacers = new EnumMap<>(Direction.class);
    private final ReentrantLock stallLock = new ReentrantLock();
    private final Condition released = stallLock.newCondition();
    private boolean stalled;
    private volatile boolean blackhole;
    private volatile boolean resetNewConnections;
    /** Responses still to swallow; {@link Integer#MAX_VALUE} means every one until switched off. */
    private final AtomicInteger responsesToDrop = new AtomicInteger();

    Faults() {
        for (Direction direction : Direction.values()) {
            latencyNanos.put(direction, 0L);
            pacers.put(direction, new Pacer());
        }
    }

    void latency(Direction direction, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + delay);
        }
        putLatency(direction, delay.toNanos());
    }

    private void putLatency(Direction direction, long nanos) {
        stallLock.lock();
        try {
            latencyNanos.put(direction, nanos);
        } finally {
            stallLock.unlock();
        }
    }

    long latencyNanos(Direction direction) {
        stallLock.lock();
        try {
            return latencyNanos.get(direction);
        } finally {
            stallLock.unlock();
        }
    }

    Pacer pacer(Direction direction) {
        return pacers.get(direction);
    }

    void stall(boolean on) {
        stallLock.lock();
        try {
            stalled = on;
            if (!on) {
                released.signalAll();
            }
        } finally {
            stallLock.unlock();
        }
    }

    boolean stalled() {
        stallLock.lock();
        try {
            return stalled;
        } finally {
            stallLock.unlock();
        }
    }

    /** Blocks while the proxy is stalled. */
    void awaitFlowing() throws InterruptedException {
        stallLock.lock();
        try {
            while (stalled) {
                released.await();
            }
        } finally {
            stallLock.unlock();
        }
    }

    void blackhole(boolean on) {
        blackhole = on;
    }

    boolean blackhole() {
        return blackhole;
    }

    void resetNewConnections(boolean on) {
        resetNewConnections = on;
    }

    boolean resetNewConnections() {
        return resetNewConnections;
    }

    void dropResponses(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        responsesToDrop.set(count);
    }

    /** Whether the response just read must be swallowed; consumes one from a finite count. */
    boolean takeResponseToDrop() {
        while (true) {
            int left = responsesToDrop.get();
            if (left == 0) {
                return false;
            }
            if (left == Integer.MAX_VALUE || responsesToDrop.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    void clear() {
        for (Direction direction : Direction.values()) {
            putLatency(direction, 0L);
            pacers.get(direction).rate(0);
        }
        blackhole = false;
        resetNewConnections = false;
        responsesToDrop.set(0);
        stall(false);
    }

    /** Parks until {@code nanoTime} reaches {@code wakeNanos}; throws if interrupted meanwhile. */
    static void sleepUntil(long wakeNanos) throws InterruptedException {
        while (true) {
            long left = wakeNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
