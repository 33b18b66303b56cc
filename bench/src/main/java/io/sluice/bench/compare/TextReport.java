package io.sluice.bench.compare;

import java.util.Locale;

/** The comparison's tables for stdout. */
final class TextReport {
    private TextReport() {}

    /** One configuration: each figure's median and spread per client and the ratio of the medians. */
    static String config(Results.ConfigResults cr) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %-24s", "figure (median ±spread)"));
        for (String c : cr.runs().keySet()) {
            sb.append(String.format(Locale.ROOT, " %24s", Results.display(c)));
        }
        sb.append(String.format(Locale.ROOT, " %14s%n", "sluice/kafka"));
        for (Figure f : Figure.ALL) {
            sb.append(String.format(Locale.ROOT, "  %-24s", f.label()));
            for (String c : cr.runs().keySet()) {
                Spread s = cr.spreads(c).get(f.key());
                String cell = s == null || s.count() == 0
                        ? "-"
                        : f.format(s.median()) + String.format(Locale.ROOT, " ±%4.1f%%", s.plusMinusPercent());
                sb.append(String.format(Locale.ROOT, " %24s", cell));
            }
            sb.append(String.format(Locale.ROOT, " %14s%n", ratio(cr.ratio(f.key()))));
        }
        for (String failure : cr.failures()) {
            sb.append("  FAILED ").append(failure).append('\n');
        }
        return sb.toString();
    }

    /** Every configuration in one table: the ratio of the headline figures. */
    static String overview(Results results) {
        StringBuilder sb =
                new StringBuilder("Sluice / kafka-clients (medians; >1 is better for records/s, <1 for the rest)\n");
        String[] keys = {
            "records_per_sec", "latency_p99_ms", "cpu_us_per_record", "alloc_bytes_per_record", "peak_rss_mb"
        };
        sb.append(String.format(
                Locale.ROOT,
                "  %-22s %10s %10s %10s %10s %10s %15s %15s%n",
                "configuration",
                "records/s",
                "p99",
                "CPU/rec",
                "alloc/rec",
                "peak RSS",
                "sluice/ceiling",
                "kafka/ceiling"));
        for (Results.ConfigResults cr : results.configs()) {
            sb.append(String.format(Locale.ROOT, "  %-22s", cr.config().name()));
            for (String k : keys) {
                sb.append(String.format(Locale.ROOT, " %10s", ratio(cr.ratio(k))));
            }
            sb.append(String.format(
                    Locale.ROOT,
                    " %15s %15s%n",
                    ratio(cr.ratio("sluice", "ceiling", "records_per_sec")),
                    ratio(cr.ratio("kafka", "ceiling", "records_per_sec"))));
        }
        sb.append("  x/ceiling: records/s as a share of the ceiling's (pre-encoded requests replayed at the broker)\n");
        return sb.toString();
    }

    static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }
}
