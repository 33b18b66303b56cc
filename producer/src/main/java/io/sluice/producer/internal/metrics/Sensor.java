package io.sluice.producer.internal.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Values recorded over time, read as Kafka's sampled statistics: a rate (values, or events, per second), an average
 * and a maximum over the sample window, and lifetime totals.
 *
 * <p>Time is cut into windows aligned on multiples of {@code windowMs}; the sensor keeps the last {@code samples} of
 * them in a ring of slots. A read at time {@code now} combines the slots of the windows that end after {@code now -
 * samples * windowMs}, so the span read is between {@code samples - 1} and {@code samples} windows long (shorter
 * only while the producer is younger than that). Rates divide by that span: the time actually covered.
 *
 * <p>Recording allocates nothing and takes no lock: adders and a compare-and-set on the slot's window. A value
 * recorded by one thread just as another moves the slot to a new window may be counted in neither window's average;
 * the lifetime totals never lose a value. Callers record per batch or per request, not per record, where the
 * metric's meaning allows.
 */
public final class Sensor {
    private final boolean recording;
    private final MetricsConfig config;
    private final long windowMs;
    private final long createdMs;
    private final Slot[] slots;
    private final LongAdder totalCount = new LongAdder();
    private final DoubleAdder totalSum = new DoubleAdder();

    Sensor(MetricsConfig config, boolean recording, long createdMs) {
        this.recording = recording;
        this.config = config;
        this.windowMs = config.windowMs();
        this.createdMs = createdMs;
        this.slots = new Slot[config.samples()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
    }

    /** Records one event of {@code value} at {@code nowMs}; a no-op when the recording level leaves it out. */
    public void record(double value, long nowMs) {
        if (!recording) {
            return;
        }
        totalCount.increment();
        totalSum.add(value);
        slotFor(nowMs).add(value);
    }

    /** Whether this sensor records under the producer's {@code metrics.recording.level}. */
    public boolean recording() {
        return recording;
    }

    private Slot slotFor(long nowMs) {
        long window = config.windowOf(nowMs);
        Slot slot = slots[config.slotOf(window)];
        long seen = slot.window.get();
        if (seen < window && slot.window.compareAndSet(seen, window)) {
            slot.reset();
        }
        return slot;
    }

    /** The sum of the values recorded in the window, per second. */
    public double valueRate(long nowMs) {
        return sum(nowMs) * 1000.0 / spanMs(nowMs);
    }

    /** The number of events recorded in the window, per second. */
    public double eventRate(long nowMs) {
        return count(nowMs) * 1000.0 / spanMs(nowMs);
    }

    /** The mean of the values recorded in the window; NaN when there were none. */
    public double avg(long nowMs) {
        long count = count(nowMs);
        return count == 0 ? Double.NaN : sum(nowMs) / count;
    }

    /** The largest value recorded in the window; NaN when there were none. */
    public double max(long nowMs) {
        long oldest = config.oldestWindow(nowMs);
        double max = Double.NEGATIVE_INFINITY;
        for (Slot s : slots) {
            if (s.window.get() >= oldest) {
                max = Math.max(max, Double.longBitsToDouble(s.maxBits.get()));
            }
        }
        return max == Double.NEGATIVE_INFINITY ? Double.NaN : max;
    }

    /** The sum of every value recorded since the sensor was created. */
    public double valueTotal() {
        return totalSum.sum();
    }

    /** The number of events recorded since the sensor was created. */
    public long eventTotal() {
        return totalCount.sum();
    }

    private long count(long nowMs) {
        long oldest = config.oldestWindow(nowMs);
        long count = 0;
        for (Slot s : slots) {
            if (s.window.get() >= oldest) {
                count += s.count.sum();
            }
        }
        return count;
    }

    private double sum(long nowMs) {
        long oldest = config.oldestWindow(nowMs);
        double sum = 0;
        for (Slot s : slots) {
            if (s.window.get() >= oldest) {
                sum += s.sum.sum();
            }
        }
        return sum;
    }

    /** The time the window covers at {@code nowMs}, at least a millisecond. */
    private long spanMs(long nowMs) {
        long start = Math.max(createdMs, config.oldestWindow(nowMs) * windowMs);
        return Math.max(1, nowMs - start);
    }

    /** One window's values. */
    private static final class Slot {
        private static final long NO_MAX = Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);

        final AtomicLong window = new AtomicLong(Long.MIN_VALUE);
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();
        final AtomicLong maxBits = new AtomicLong(NO_MAX);

        void add(double value) {
            count.increment();
            sum.add(value);
            long bits = maxBits.get();
            while (value > Double.longBitsToDouble(bits)
                    && !maxBits.compareAndSet(bits, Double.doubleToRawLongBits(value))) {
                bits = maxBits.get();
            }
        }

        void reset() {
            count.reset();
            sum.reset();
            maxBits.set(NO_MAX);
        }
    }
}
