package io.sluice.testkit.process;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A deadline and polling against it; a condition that throws counts as "not yet". */
final class Poll {
    private static final long POLL_MILLIS = 20;

    private final long deadlineNanos;
    private final Duration timeout;

    private Poll(Duration timeout) {
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    static Poll within(Duration timeout) {
        return new Poll(timeout);
    }

    boolean passed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Polls {@code condition} until it holds; throws {@link IllegalStateException} naming {@code what} at the deadline. */
    void until(String what, BooleanSupplier condition) {
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

    /** Sleeps one poll interval; throws if the thread is interrupted. */
    static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted while polling");
        }
    }
}
