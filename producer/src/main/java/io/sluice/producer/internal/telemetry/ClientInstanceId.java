package io.sluice.producer.internal.telemetry;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The client instance id the broker assigns, handed from the network thread to callers of
 * {@code clientInstanceId(timeout)}: set once, or settled without an id when telemetry turns out to be off.
 */
final class ClientInstanceId {
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile UUID id;

    /** Publishes the id; only the first call counts. */
    void set(UUID assigned) {
        if (settled.getCount() > 0) {
            id = assigned;
            settled.countDown();
        }
    }

    /** No id will come (the broker does not support telemetry): waiters return null at once. */
    void none() {
        settled.countDown();
    }

    /** The id, waiting up to {@code timeout} for it; null if none came in time or none will come. */
    UUID await(Duration timeout) throws InterruptedException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("the timeout cannot be negative: " + timeout);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        settled.await(nanos, TimeUnit.NANOSECONDS);
        return id;
    }
}
