package io.sluice.cli;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds a sender to a target rate: after each record it checks whether the records sent so far are ahead
 * of {@code rate * elapsed} and, if so, parks until the schedule catches up. A rate of zero or less means
 * unlimited.
 */
final class ThroughputThrottle {
    private final double recordsPerSec;
    private final long startNanos;

    ThroughputThrottle(double recordsPerSec, long startNanos) {
        this.recordsPerSec = recordsPerSec;
        this.startNanos = startNanos;
    }

    /** Called after {@code sent} records; parks while the run is ahead of its schedule. */
    void pace(long sent) {
        if (recordsPerSec <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) (sent / recordsPerSec * TimeUnit.SECONDS.toNanos(1));
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
