package io.sluice.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress while a perf run goes: on a terminal one line rewritten in place every second (records done of
 * total, rate, MB/s, latency, ETA); otherwise Kafka-style lines every few seconds, so logs stay readable.
 */
final class ProgressPrinter {
    private final PrintStream out;
    private final PerfStats stats;
    private final long total;
    private final boolean terminal;
    private final long startNanos;
    private boolean printedInPlace;

    ProgressPrinter(PrintStream out, PerfStats stats, long total, boolean terminal, long startNanos) {
        this.out = out;
        this.stats = stats;
        this.total = total;
        this.terminal = terminal;
        this.startNanos = startNanos;
    }

    void tick() {
        long now = System.nanoTime();
        PerfStats.Summary interval = stats.takeInterval(now);
        if (terminal) {
            long done = stats.completed();
            double elapsed = (now - startNanos) / 1e9;
            double overallRate = done / Math.max(elapsed, 1e-9);
            long etaSeconds = overallRate > 0 ? (long) ((total - done) / overallRate) : -1;
            out.print(String.format(
                    Locale.ROOT,
                    "\r%,d/%,d records (%d%%) | %,.0f rec/s | %.2f MB/s | avg %.1f ms | max %.1f ms | ETA %s   ",
                    done,
                    total,
                    done * 100 / total,
                    interval.recordsPerSec(),
                    interval.mbPerSec(),
                    interval.avgLatencyMs(),
                    interval.maxLatencyMs(),
                    etaSeconds < 0 ? "?" : etaSeconds + "s"));
            out.flush();
            printedInPlace = true;
        } else {
            out.println(String.format(
                    Locale.ROOT,
                    "%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.",
                    interval.records(),
                    interval.recordsPerSec(),
                    interval.mbPerSec(),
                    interval.avgLatencyMs(),
                    interval.maxLatencyMs()));
        }
    }

    /** Ends the in-place line so the summary starts on a line of its own. */
    void finish() {
        if (printedInPlace) {
            out.println();
        }
    }
}
