package io.sluice.testkit.proxy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bandwidth cap shared by every connection of one proxy in one direction, like one slow link. Writers reserve a
 * time slot for each slice they write; slots follow each other, so the bytes of all connections together never
 * exceed the rate. A rate of 0 means no cap.
 */
final class Pacer {
    /** A slice is at most this long on the wire, so a cap changed mid-transfer takes effect quickly. */
    private static final long SLICES_PER_SECOND = 20;

    private final ReentrantLock lock = new ReentrantLock();
    private long bytesPerSecond;
    /** When the link is free again; only meaningful while a cap is set. */
    private long nextFreeNanos;

    void rate(long newBytesPerSecond) {
        if (newBytesPerSecond < 0) {
            throw new IllegalArgumentException("bytes per second must be 0 (no cap) or more: " + newBytesPerSecond);
        }
        lock.lock();
        try {
            bytesPerSecond = newBytesPerSecond;
            nextFreeNanos = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    long rate() {
        lock.lock();
        try {
            return bytesPerSecond;
        } finally {
            lock.unlock();
        }
    }

    /** How many bytes a writer should send in one slice, at most {@code available}. */
    int slice(int available) {
        long rate = rate();
        if (rate == 0) {
            return available;
        }
        return (int) Math.max(1, Math.min(available, rate / SLICES_PER_SECOND));
    }

    /** Reserves the link for {@code bytes} and returns the {@link System#nanoTime()} at which they may be written. */
    long reserve(int bytes) {
        lock.lock();
        try {
            long now = System.nanoTime();
            if (bytesPerSecond == 0) {
                return now;
            }
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + TimeUnit.SECONDS.toNanos(bytes) / bytesPerSecond;
            return start;
        } finally {
            lock.unlock();
        }
    }
}
