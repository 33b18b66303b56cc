package io.sluice.testkit.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A point in time after which waiting is a failure. Conditions are polled every {@value #POLL_MILLIS} ms; a condition
 * that throws a {@link RuntimeException} counts as "not yet" and its last exception is attached to the timeout
 * failure, while an {@link Error} (such as a failed assertion) ends the wait at once.
 *
 * <p>Not API: see {@link io.sluice.testkit.internal}.
 */
public final class Deadline {
    /** How long {@link #pause()} parks between two polls. */
    public static final long POLL_MILLIS = 20;

    private final long deadlineNanos;
    private final Duration timeout;

    private Deadline(Duration timeout) {
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** A deadline {@code timeout} from now. */
    public static Deadline of(Duration timeout) {
        return new Deadline(timeout);
    }

    /** Whether the deadline has been reached. */
    public boolean passed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /** Milliseconds left until the deadline, 0 once it has passed. */
    public long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** Polls {@code condition} until it holds; throws {@link IllegalStateException} naming {@code what} at the deadline. */
    public void await(String what, BooleanSupplier condition) {
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
    public void join(Thread thread) {
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

    /** Parks one poll interval; throws {@link IllegalStateException}, keeping the interrupt flag, if interrupted. */
    public static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted while polling");
        }
    }
}
