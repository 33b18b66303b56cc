package io.sluice.producer.internal;

import io.sluice.producer.internal.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;

/**
 * A clock that moves only when a test says so. A timed wait returns after a signal or after a short real slice,
 * letting the waiter re-check the manual time, so a test decides when deadlines pass without sleeping.
 */
public final class ManualClock implements Clock {
    private final AtomicLong nanos;

    public ManualClock(long startMs) {
        this.nanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(startMs));
    }

    public ManualClock() {
        this(1_700_000_000_000L);
    }

    public void advance(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Override
    public long milliseconds() {
        return TimeUnit.NANOSECONDS.toMillis(nanos.get());
    }

    @Override
    public long nanoseconds() {
        return nanos.get();
    }

    @Override
    public void await(Condition condition, long nanos) throws InterruptedException {
        condition.await(1, TimeUnit.MILLISECONDS);
    }
}
