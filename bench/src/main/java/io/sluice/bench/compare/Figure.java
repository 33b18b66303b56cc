package io.sluice.bench.compare;

import java.util.List;
import java.util.Locale;

/**
 * How one figure is shown: its key in {@link RunResult#figures()}, a label, and which way is better.
 *
 * @param key the figure's key
 * @param label what tables and charts call it
 * @param higherIsBetter true for throughput, false for latency, CPU, allocation and memory
 * @param decimals digits after the point in tables
 */
record Figure(String key, String label, boolean higherIsBetter, int decimals) {
    /** Every figure, in display order. */
    static final List<Figure> ALL = List.of(
            new Figure("records_per_sec", "records/s", true, 0),
            new Figure("mb_per_sec", "MB/s", true, 2),
            new Figure("latency_avg_ms", "latency avg ms", false, 2),
            new Figure("latency_p50_ms", "latency p50 ms", false, 2),
            new Figure("latency_p99_ms", "latency p99 ms", false, 2),
            new Figure("latency_p999_ms", "latency p99.9 ms", false, 2),
            new Figure("cpu_us_per_record", "producer CPU us/record", false, 3),
            new Figure("java_threads_cpu_us_per_record", " of it Java threads", false, 3),
            new Figure("jit_cpu_us_per_record", " of it JIT compiler", false, 3),
            new Figure("alloc_bytes_per_record", "allocated B/record", false, 1),
            new Figure("peak_rss_mb", "peak RSS MiB", false, 0),
            new Figure("gc_count", "GCs in run", false, 0),
            new Figure(Results.BROKER_CPU, "broker CPU us/record", false, 3));

    /** {@code value} with this figure's decimals and thousands separators. */
    String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
