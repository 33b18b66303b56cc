package io.sluice.bench.compare;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Send-to-callback latency in HdrHistograms, and the count of failed records. Callbacks may run on any thread
 * (the client's I/O or callback thread, or the sending thread when a send fails at once), so each completing
 * thread records into a histogram of its own: one array increment per record, no atomic operations, nothing
 * allocated. {@link #histogram()} merges them.
 *
 * <p>Reads and resets happen only after a flush returned, when every callback has run: the flush's own
 * synchronisation makes the callback threads' writes visible.
 */
final class LatencyStats {
    /** Latencies above two minutes are recorded as two minutes; a run that slow has failed anyway. */
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final Queue<Histogram> perThread = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Histogram> local = ThreadLocal.withInitial(() -> {
        Histogram h = new Histogram(HIGHEST_NANOS, 3);
        perThread.add(h);
        return h;
    });
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /** Records one completion of a record sent at {@code sendNanos} ({@link System#nanoTime()}). */
    void complete(long sendNanos, Exception exception) {
        if (exception != null) {
            failed.incrementAndGet();
            firstError.compareAndSet(null, exception.toString());
            return;
        }
        local.get().recordValue(Math.min(HIGHEST_NANOS, Math.max(0, System.nanoTime() - sendNanos)));
    }

    /** Records the completion of {@code count} records sent together at {@code sendNanos}. */
    void completeMany(long sendNanos, int count, Exception exception) {
        if (exception != null) {
            failed.addAndGet(count);
            firstError.compareAndSet(null, exception.toString());
            return;
        }
        long latency = Math.min(HIGHEST_NANOS, Math.max(0, System.nanoTime() - sendNanos));
        local.get().recordValueWithCount(latency, count);
    }

    /** Forgets everything recorded so far: called between the warm-up and the measured phase. */
    void reset() {
        perThread.forEach(Histogram::reset);
        failed.set(0);
    }

    /** The latencies recorded since the last reset, in nanoseconds, merged over every recording thread. */
    Histogram histogram() {
        Histogram all = new Histogram(HIGHEST_NANOS, 3);
        perThread.forEach(all::add);
        return all;
    }

    /** Records acknowledged since the last reset. */
    long acknowledged() {
        long n = 0;
        for (Histogram h : perThread) {
            n += h.getTotalCount();
        }
        return n;
    }

    long failed() {
        return failed.get();
    }

    /** The first failure's description, or null when none failed. */
    String firstError() {
        return firstError.get();
    }
}
