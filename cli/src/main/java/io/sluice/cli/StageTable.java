package io.sluice.cli;

import io.sluice.producer.metrics.Metric;
import io.sluice.producer.metrics.MetricName;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The producer's per-stage latency percentiles as a small table, for {@code sluice perf --print-metrics}. */
final class StageTable {
    static final String GROUP = "producer-stage-metrics";
    private static final List<String> STAGES = List.of("accumulate", "send-wait", "wire", "callback");
    private static final List<String> COLUMNS = List.of("p50", "p99", "p999", "max");

    private StageTable() {}

    /** Returns the table of the stage metrics among {@code metrics}; empty when there are none. */
    static String format(Map<MetricName, Metric> metrics) {
        StringBuilder sb = new StringBuilder(
                String.format(Locale.ROOT, "%-12s %10s %10s %10s %10s%n", "stage (ms)", "p50", "p99", "p99.9", "max"));
        boolean any = false;
        for (String stage : STAGES) {
            sb.append(String.format(Locale.ROOT, "%-12s", stage));
            for (String column : COLUMNS) {
                Double value = value(metrics, stage + "-time-" + column);
                any |= value != null;
                sb.append(String.format(
                        Locale.ROOT,
                        " %10s",
                        value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, "%.3f", value)));
            }
            sb.append(System.lineSeparator());
        }
        return any ? sb.toString() : "";
    }

    private static Double value(Map<MetricName, Metric> metrics, String name) {
        for (Map.Entry<MetricName, Metric> e : metrics.entrySet()) {
            if (e.getKey().group().equals(GROUP) && e.getKey().name().equals(name)) {
                return e.getValue().value();
            }
        }
        return null;
    }
}
