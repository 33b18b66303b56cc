package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PerfStatsTest {
    private static final long SEC = TimeUnit.SECONDS.toNanos(1);

    @Test
    void summarisesLatencyPercentilesAndRates() {
        PerfStats stats = new PerfStats(0);
        for (int i = 1; i <= 1000; i++) {
            stats.recordSuccess(i * 1000L, 100, i * SEC / 1000); // 1..1000 ms over one second
        }
        PerfStats.Summary s = stats.finish(2 * SEC);
        assertThat(s.records()).isEqualTo(1000);
        assertThat(s.recordsPerSec()).isEqualTo(500.0);
        assertThat(s.p50Ms()).isBetween(499.0, 501.0);
        assertThat(s.p99Ms()).isBetween(989.0, 991.0);
        assertThat(s.maxLatencyMs()).isBetween(999.0, 1001.0);
        assertThat(s.avgLatencyMs()).isBetween(500.0, 501.0);
    }

    @Test
    void splitsTheRunIntoOneSecondWindows() {
        PerfStats stats = new PerfStats(0);
        stats.recordSuccess(1000, 10, SEC / 2);
        stats.recordSuccess(1000, 10, 2 * SEC + SEC / 2);
        stats.finish(3 * SEC);
        assertThat(stats.windows()).extracting(PerfStats.Window::records).containsExactly(1L, 0L, 1L);
    }

    @Test
    void countsErrorsAndKeepsTheFirstFew() {
        PerfStats stats = new PerfStats(0);
        for (int i = 0; i < 10; i++) {
            stats.recordError(new IllegalStateException("boom " + i));
        }
        assertThat(stats.errors()).isEqualTo(10);
        assertThat(stats.firstErrors()).hasSize(5).first().asString().contains("IllegalStateException: boom 0");
    }
}
