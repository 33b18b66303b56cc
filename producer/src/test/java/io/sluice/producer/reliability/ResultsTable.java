package io.sluice.producer.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rows of the table in {@code docs/RELIABILITY.md}: every scenario appends one row to
 * {@code target/reliability/results.md} (relative to the module), whether its assertions pass or not. The file is
 * started afresh by the first row of each test run, so it always holds the figures of the last run only.
 */
final class ResultsTable {
    static final Path FILE = Path.of("target", "reliability", "results.md");
    /** Observations that do not fit a table row, one per line, e.g. what happened after an outage. */
    static final Path NOTES = Path.of("target", "reliability", "notes.md");

    private static final String HEADER = """
            | Scenario | Seed | Sent | Acknowledged | Failed (reported) | Lost | Duplicated | Reordered | Faults injected | Duration |
            |---|---|---:|---:|---:|---:|---:|---:|---|---:|
            """;
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static boolean started;
    private static boolean notesStarted;

    private ResultsTable() {}

    /** Appends the row of one scenario run. */
    static void append(String scenario, long seed, DeliveryLedger.Verdict verdict, String faults, Duration duration) {
        append(new Row(
                scenario,
                seed,
                verdict.sent(),
                verdict.acked(),
                verdict.failed(),
                verdict.lost(),
                verdict.duplicated(),
                verdict.reordered(),
                faults,
                duration));
    }

    /** One row of the table, for scenarios whose checker is not a {@link DeliveryLedger}. */
    record Row(
            String scenario,
            long seed,
            int sent,
            int acked,
            int failed,
            int lost,
            int duplicated,
            int reordered,
            String faults,
            Duration duration) {}

    /** Appends one row. */
    static void append(Row r) {
        String row = "| " + r.scenario() + " | " + r.seed() + " | " + r.sent() + " | " + r.acked() + " | "
                + r.failed() + " | " + r.lost() + " | " + r.duplicated() + " | " + r.reordered() + " | "
                + r.faults().replace('|', '/') + " | "
                + String.format("%.1f s", r.duration().toMillis() / 1000.0) + " |\n";
        LOCK.lock();
        try {
            Files.createDirectories(FILE.getParent());
            if (!started) {
                Files.writeString(FILE, HEADER, StandardCharsets.UTF_8);
                started = true;
            }
            Files.writeString(FILE, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            LOCK.unlock();
        }
    }

    /** Appends one observation to {@link #NOTES}. */
    static void note(String text) {
        LOCK.lock();
        try {
            Files.createDirectories(NOTES.getParent());
            if (!notesStarted) {
                Files.writeString(NOTES, "", StandardCharsets.UTF_8);
                notesStarted = true;
            }
            Files.writeString(NOTES, "- " + text + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            LOCK.unlock();
        }
    }
}
