package io.sluice.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A point in time after which waiting is a failure. Conditions are polled every {@value #POLL_MILLIS} ms; a condition
 * that throws counts as "not yet" and its last exception is attached to the timeout failure.
 */
final class Deadline {
    static final long POLL_MILLIS = 20;

    private final long deadlineNanos;
    private final Duration timeout;

    private Deadline(Duration timeout) {
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    static Deadline of(Duration timeout) {
        return new Deadline(timeout);
    }

    boolean passed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** Polls {@code condition} until it holds; throws {@link IllegalStateException} naming {@code what} at the deadline. */
    void await(String what, BooleanSupplier condition) {
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (passed()) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what, last);
            }
            pause();
        }
    }

    /** Waits for a thread to end; throws {@link IllegalStateException} if it is still alive at the deadline. */
    void join(Thread thread) {
        try {
            thread.join(Math.max(1, remainingMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " still running after " + timeout);
        }
    }

    static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling");
        }
    }
}
