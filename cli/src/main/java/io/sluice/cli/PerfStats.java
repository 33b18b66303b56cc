package io.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;

/**
 * Latency and throughput of a perf run, from send() to callback.
 *
 * <p>Callbacks record into it from the producer's thread while the main thread reads progress, so both
 * sides take one uncontended lock. Latencies are kept in microseconds in an HdrHistogram (3 significant
 * digits) for the whole run, plus one histogram per one-second window for the report's time series.
 */
final class PerfStats {
    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(10);

    /** One second of the run, for the report's charts. */
    record Window(
            double second, long records, long bytes, double avgLatencyMs, double p99LatencyMs, double maxLatencyMs) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final long startNanos;
    private final Histogram total = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
    private final Histogram window = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
    private final List<Window> windows = new ArrayList<>();
    private long windowStartNanos;
    private long windowRecords;
    private long windowBytes;
    private long records;
    private long bytes;
    private long errors;
    private final List<String> firstErrors = new ArrayList<>();

    // For the periodic progress lines: what was recorded since the last line.
    private long sinceRecords;
    private long sinceBytes;
    private long sinceLatencySumMicros;
    private long sinceMaxMicros;
    private long sinceStartNanos;

    PerfStats(long startNanos) {
        this.startNanos = startNanos;
        this.windowStartNanos = startNanos;
        this.sinceStartNanos = startNanos;
    }

    void recordSuccess(long latencyMicros, int recordBytes, long nowNanos) {
        long clamped = Math.max(0, Math.min(latencyMicros, HIGHEST_TRACKABLE_MICROS));
        lock.lock();
        try {
            rollWindows(nowNanos);
            total.recordValue(clamped);
            window.recordValue(clamped);
            records++;
            bytes += recordBytes;
            windowRecords++;
            windowBytes += recordBytes;
            sinceRecords++;
            sinceBytes += recordBytes;
            sinceLatencySumMicros += clamped;
            sinceMaxMicros = Math.max(sinceMaxMicros, clamped);
        } finally {
            lock.unlock();
        }
    }

    void recordError(Exception e) {
        lock.lock();
        try {
            errors++;
            if (firstErrors.size() < 5) {
                firstErrors.add(describe(e));
            }
        } finally {
            lock.unlock();
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            sb.append(" (cause: ")
                    .append(c.getClass().getSimpleName())
                    .append(": ")
                    .append(c.getMessage())
                    .append(')');
        }
        return sb.toString();
    }

    private void rollWindows(long nowNanos) {
        while (nowNanos - windowStartNanos >= TimeUnit.SECONDS.toNanos(1)) {
            closeWindow();
            windowStartNanos += TimeUnit.SECONDS.toNanos(1);
        }
    }

    private void closeWindow() {
        double second = (windowStartNanos - startNanos) / 1e9 + 1;
        boolean empty = window.getTotalCount() == 0;
        windows.add(new Window(
                second,
                windowRecords,
                windowBytes,
                empty ? 0 : window.getMean() / 1000.0,
                empty ? 0 : window.getValueAtPercentile(99) / 1000.0,
                empty ? 0 : window.getMaxValue() / 1000.0));
        window.reset();
        windowRecords = 0;
        windowBytes = 0;
    }

    /** The numbers since the previous call, for Kafka-style periodic lines; resets them. */
    Summary takeInterval(long nowNanos) {
        lock.lock();
        try {
            double seconds = Math.max(1e-9, (nowNanos - sinceStartNanos) / 1e9);
            Summary s = new Summary(
                    sinceRecords,
                    errors,
                    sinceRecords / seconds,
                    sinceBytes / seconds / (1024.0 * 1024.0),
                    sinceRecords == 0 ? 0 : sinceLatencySumMicros / 1000.0 / sinceRecords,
                    sinceMaxMicros / 1000.0,
                    0,
                    0,
                    0,
                    0);
            sinceRecords = 0;
            sinceBytes = 0;
            sinceLatencySumMicros = 0;
            sinceMaxMicros = 0;
            sinceStartNanos = nowNanos;
            return s;
        } finally {
            lock.unlock();
        }
    }

    long completed() {
        lock.lock();
        try {
            return records + errors;
        } finally {
            lock.unlock();
        }
    }

    long errors() {
        lock.lock();
        try {
            return errors;
        } finally {
            lock.unlock();
        }
    }

    List<String> firstErrors() {
        lock.lock();
        try {
            return List.copyOf(firstErrors);
        } finally {
            lock.unlock();
        }
    }

    /** Totals from the start to {@code endNanos}; closes the last partial window. */
    Summary finish(long endNanos) {
        lock.lock();
        try {
            rollWindows(endNanos);
            if (window.getTotalCount() > 0 || windowRecords > 0) {
                closeWindow();
            }
            double seconds = Math.max(1e-9, (endNanos - startNanos) / 1e9);
            boolean empty = total.getTotalCount() == 0;
            return new Summary(
                    records,
                    errors,
                    records / seconds,
                    bytes / seconds / (1024.0 * 1024.0),
                    empty ? 0 : total.getMean() / 1000.0,
                    empty ? 0 : total.getMaxValue() / 1000.0,
                    percentileMs(50),
                    percentileMs(95),
                    percentileMs(99),
                    percentileMs(99.9));
        } finally {
            lock.unlock();
        }
    }

    private double percentileMs(double p) {
        return total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(p) / 1000.0;
    }

    List<Window> windows() {
        lock.lock();
        try {
            return List.copyOf(windows);
        } finally {
            lock.unlock();
        }
    }

    /** Latency (ms) at percentiles spread on a log scale from 0 to 99.999, for the percentile curve. */
    List<double[]> percentileCurve() {
        lock.lock();
        try {
            List<double[]> points = new ArrayList<>();
            if (total.getTotalCount() == 0) {
                return points;
            }
            double[] ps = {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100};
            for (double p : ps) {
                points.add(new double[] {p, total.getValueAtPercentile(p) / 1000.0});
            }
            return points;
        } finally {
            lock.unlock();
        }
    }

    /** Totals of a run or an interval; percentiles are 0 for intervals. */
    record Summary(
            long records,
            long errors,
            double recordsPerSec,
            double mbPerSec,
            double avgLatencyMs,
            double maxLatencyMs,
            double p50Ms,
            double p95Ms,
            double p99Ms,
            double p999Ms) {}
}
