package io.sluice.producer.internal.send;

import io.sluice.producer.internal.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/** A clock that moves only when the test says so. */
final class ManualClock implements Clock {
    private volatile long nowMs;

    ManualClock(long startMs) {
        this.nowMs = startMs;
    }

    void advance(long ms) {
        nowMs += ms;
    }

    @Override
    public long milliseconds() {
        return nowMs;
    }

    @Override
    public long nanoseconds() {
        return TimeUnit.MILLISECONDS.toNanos(nowMs);
    }

    @Override
    public void await(Condition condition, long nanos) throws InterruptedException {
        condition.await(1, TimeUnit.MILLISECONDS);
    }
}
