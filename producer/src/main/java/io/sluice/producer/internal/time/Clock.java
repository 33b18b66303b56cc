package io.sluice.producer.internal.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * The producer's source of time, injected so that tests can step time exactly instead of sleeping.
 *
 * <p>Every timed wait in the producer goes through {@link #await(Condition, long)}, so a test clock decides what
 * a wait means. Read the clock outside locks: hot paths read it once per operation.
 */
public interface Clock {
    /** The wall clock and {@link System#nanoTime()}. */
    Clock SYSTEM = new Clock() {
        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }

        @Override
        public void await(Condition condition, long nanos) throws InterruptedException {
            condition.awaitNanos(nanos);
        }
    };

    /** Returns the wall-clock time in milliseconds since the epoch (used for timestamps and deadlines). */
    long milliseconds();

    /** Returns a monotonic time in nanoseconds. */
    long nanoseconds();

    /**
     * Waits on {@code condition}, whose lock the caller holds, for at most {@code nanos}, or until signalled. The
     * caller re-checks its own state and the time afterwards; spurious returns are allowed.
     */
    void await(Condition condition, long nanos) throws InterruptedException;

    /** Converts {@link #nanoseconds()} to milliseconds; a convenience for deadlines. */
    default long monotonicMillis() {
        return TimeUnit.NANOSECONDS.toMillis(nanoseconds());
    }
}
