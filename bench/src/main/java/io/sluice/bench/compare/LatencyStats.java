package io.sluice.bench.compare;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Send-to-callback latency in an HdrHistogram, and the count of acknowledged and failed records. Callbacks may run
 * on any thread (the client's I/O or callback thread, or the sending thread when a send fails at once), so the
 * recording side is a {@link Recorder}, which takes values from many threads without locks or allocation.
 */
final class LatencyStats {
    /** Latencies above two minutes are recorded as two minutes; a run that slow has failed anyway. */
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final Recorder recorder = new Recorder(HIGHEST_NANOS, 3);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /** Records one completion of a record sent at {@code sendNanos} ({@link System#nanoTime()}). */
    void complete(long sendNanos, Exception exception) {
        if (exception != null) {
            failed.incrementAndGet();
            firstError.compareAndSet(null, exception.toString());
            return;
        }
        acknowledged.incrementAndGet();
        recorder.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, System.nanoTime() - sendNanos)));
    }

    /** Records the completion of {@code count} records sent together at {@code sendNanos}. */
    void completeMany(long sendNanos, int count, Exception exception) {
        if (exception != null) {
            failed.addAndGet(count);
            firstError.compareAndSet(null, exception.toString());
            return;
        }
        acknowledged.addAndGet(count);
        long latency = Math.min(HIGHEST_NANOS, Math.max(0, System.nanoTime() - sendNanos));
        recorder.recordValueWithCount(latency, count);
    }

    /** Forgets everything recorded so far: called between the warm-up and the measured phase. */
    void reset() {
        recorder.getIntervalHistogram();
        acknowledged.set(0);
        failed.set(0);
    }

    /** The latencies recorded since the last reset, in nanoseconds. */
    Histogram histogram() {
        return recorder.getIntervalHistogram();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    /** The first failure's description, or null when none failed. */
    String firstError() {
        return firstError.get();
    }
}
