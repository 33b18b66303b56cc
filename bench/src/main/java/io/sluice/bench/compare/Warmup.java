package io.sluice.bench.compare;

import java.io.PrintStream;
import java.util.Map;

/**
 * The warm-up of one run: at least the configured records, then more, in steps, while the JIT compilers are still
 * a large part of the process's CPU. On two busy cores the compilers can lag seconds behind a short fixed warm-up,
 * and whatever they compile after it is charged to the measured phase; the client that compiles more (or later)
 * would pay for it there. Both clients are warmed up by the same rule.
 */
final class Warmup {
    /** A step of the warm-up is this share of the configured warm-up. */
    private static final int STEPS_PER_WARMUP = 5;

    /** Warm-up ends once a step's JIT CPU is below this share of the process's CPU in that step... */
    private static final double SETTLED_JIT_SHARE = 0.10;

    /** ...or once this many configured warm-ups have been sent in all, or the extra steps took this long. */
    private static final int MAX_WARMUPS = 4;

    private static final long MAX_EXTRA_NANOS = 10_000_000_000L;

    /** Sends records {@code first .. first+count-1} and flushes. */
    @FunctionalInterface
    interface Sender {
        void send(long first, long count);
    }

    private Warmup() {}

    /**
     * Runs the warm-up and returns how many records it sent. {@code log}, when not null, gets one line saying how
     * long it took to settle.
     */
    static long run(Sender sender, long configured, PrintStream log, String client) {
        sender.send(0, configured);
        if (configured <= 0) {
            return 0;
        }
        long step = Math.max(1, configured / STEPS_PER_WARMUP);
        long sent = configured;
        double lastShare = Double.NaN;
        long deadline = System.nanoTime() + MAX_EXTRA_NANOS;
        while (sent + step <= configured * MAX_WARMUPS && System.nanoTime() < deadline) {
            Map<Long, Map.Entry<String, Long>> before = ThreadCpu.snapshot();
            sender.send(sent, step);
            sent += step;
            Map<Long, Map.Entry<String, Long>> after = ThreadCpu.snapshot();
            long total = ThreadCpu.between(before, after).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            lastShare = total == 0 ? 0 : (double) ThreadCpu.jitMillis(before, after) / total;
            if (lastShare < SETTLED_JIT_SHARE) {
                break;
            }
        }
        if (log != null) {
            log.printf(
                    "  %s warm-up: %,d records; JIT %.0f%% of the CPU in its last step%n",
                    client, sent, 100 * lastShare);
        }
        return sent;
    }
}
