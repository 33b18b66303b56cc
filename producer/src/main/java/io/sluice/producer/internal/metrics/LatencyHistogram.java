package io.sluice.producer.internal.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Latencies over the sample windows, read as percentiles and a maximum, in the manner of HdrHistogram: values in
 * microseconds are counted in log-linear buckets, exactly below 16 µs and then eight buckets per power of two, so a
 * percentile is at most 12.5% above the true value (never below it: a bucket reports its upper bound, capped by the
 * largest value seen). Values beyond 2^40 µs (about 12 days) count in the last bucket.
 *
 * <p>Windows work as in {@link Sensor}: a ring of {@code samples} slots, each holding one window aligned on a
 * multiple of {@code windowMs}. A slot keeps one row of counters per power of two, created the first time a value
 * of that size arrives and reused ever after, so an idle partition costs a few hundred bytes and recording
 * allocates nothing once the usual sizes have been seen. Recording is lock-free (atomic adds), for any number of
 * threads; a read combines the live slots without stopping them.
 */
public final class LatencyHistogram {
    private static final int EXACT = 16;
    private static final int SUB_BUCKETS = 8;
    private static final int SUB_BITS = 3;
    private static final int FIRST_MAGNITUDE = 4;
    private static final int LAST_MAGNITUDE = 40;
    private static final int ROWS = 1 + LAST_MAGNITUDE - FIRST_MAGNITUDE + 1;
    private static final long LARGEST = (1L << (LAST_MAGNITUDE + 1)) - 1;

    private final boolean recording;
    private final long windowMs;
    private final int samples;
    private final Slot[] slots;

    LatencyHistogram(MetricsConfig config, boolean recording) {
        this.recording = recording;
        this.windowMs = config.windowMs();
        this.samples = config.samples();
        this.slots = new Slot[samples];
        for (int i = 0; i < samples; i++) {
            slots[i] = new Slot();
        }
    }

    /** Whether this histogram records under the producer's {@code metrics.recording.level}. */
    public boolean recording() {
        return recording;
    }

    /**
     * Records {@code count} events of {@code micros} each at {@code nowMs} (a batch's records share one latency, so
     * the percentiles are per record while the cost is per batch). Negative values count as zero.
     */
    public void record(long micros, int count, long nowMs) {
        if (!recording || count <= 0) {
            return;
        }
        long v = Math.min(Math.max(micros, 0), LARGEST);
        Slot slot = slotFor(nowMs);
        slot.row(row(v)).addAndGet(entry(v), count);
        long max = slot.max.get();
        while (v > max && !slot.max.compareAndSet(max, v)) {
            max = slot.max.get();
        }
    }

    /**
     * Returns the value at quantile {@code q} (0 &lt; q &le; 1) of the live windows, in milliseconds; NaN when
     * nothing was recorded in them.
     */
    public double quantileMs(double q, long nowMs) {
        long oldest = oldestWindow(nowMs);
        long total = 0;
        long max = -1;
        for (Slot s : slots) {
            if (s.window.get() >= oldest) {
                total += s.total();
                max = Math.max(max, s.max.get());
            }
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int r = 0; r < ROWS; r++) {
            int entries = r == 0 ? EXACT : SUB_BUCKETS;
            for (int e = 0; e < entries; e++) {
                for (Slot s : slots) {
                    AtomicLongArray row = s.rows.get(r);
                    if (row != null && s.window.get() >= oldest) {
                        seen += row.get(e);
                    }
                }
                if (seen >= rank) {
                    return Math.min(upperBound(r, e), max) / 1000.0;
                }
            }
        }
        // Counts moved between the two passes (a window turned over): the largest value is the honest answer.
        return max / 1000.0;
    }

    /** Returns the largest value of the live windows, in milliseconds; NaN when nothing was recorded in them. */
    public double maxMs(long nowMs) {
        long oldest = oldestWindow(nowMs);
        long max = -1;
        for (Slot s : slots) {
            if (s.window.get() >= oldest) {
                max = Math.max(max, s.max.get());
            }
        }
        return max < 0 ? Double.NaN : max / 1000.0;
    }

    static int row(long v) {
        if (v < EXACT) {
            return 0;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(v);
        return magnitude - FIRST_MAGNITUDE + 1;
    }

    static int entry(long v) {
        if (v < EXACT) {
            return (int) v;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(v);
        return (int) (v >>> (magnitude - SUB_BITS)) & (SUB_BUCKETS - 1);
    }

    /** The largest value bucket {@code (row, entry)} counts. */
    static long upperBound(int row, int entry) {
        if (row == 0) {
            return entry;
        }
        int magnitude = row - 1 + FIRST_MAGNITUDE;
        long width = 1L << (magnitude - SUB_BITS);
        return (1L << magnitude) + (entry + 1) * width - 1;
    }

    private Slot slotFor(long nowMs) {
        long window = Math.floorDiv(nowMs, windowMs);
        Slot slot = slots[(int) Math.floorMod(window, (long) samples)];
        long seen = slot.window.get();
        if (seen < window && slot.window.compareAndSet(seen, window)) {
            slot.reset();
        }
        return slot;
    }

    private long oldestWindow(long nowMs) {
        return Math.floorDiv(nowMs, windowMs) - samples + 1;
    }

    /** One window's counts. */
    private static final class Slot {
        final AtomicLong window = new AtomicLong(Long.MIN_VALUE);
        final AtomicReferenceArray<AtomicLongArray> rows = new AtomicReferenceArray<>(ROWS);
        final AtomicLong max = new AtomicLong(-1);

        AtomicLongArray row(int r) {
            AtomicLongArray row = rows.get(r);
            if (row == null) {
                // Once per size of value per slot, for the producer's life: not a per-record allocation.
                rows.compareAndSet(r, null, new AtomicLongArray(r == 0 ? EXACT : SUB_BUCKETS));
                row = rows.get(r);
            }
            return row;
        }

        long total() {
            long total = 0;
            for (int r = 0; r < ROWS; r++) {
                AtomicLongArray row = rows.get(r);
                if (row != null) {
                    for (int e = 0; e < row.length(); e++) {
                        total += row.get(e);
                    }
                }
            }
            return total;
        }

        void reset() {
            for (int r = 0; r < ROWS; r++) {
                AtomicLongArray row = rows.get(r);
                if (row != null) {
                    for (int e = 0; e < row.length(); e++) {
                        row.set(e, 0);
                    }
                }
            }
            max.set(-1);
        }
    }
}
