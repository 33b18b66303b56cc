package io.sluice.producer.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    private static final MetricsConfig TWO_WINDOWS_OF_30S = new MetricsConfig(30_000, 2, RecordingLevel.INFO);

    @Property
    void aBucketNeverReportsLessThanItsValueNorMoreThanAnEighthAbove(
            @ForAll @LongRange(min = 0, max = (1L << 41) - 1) long micros) {
        int row = LatencyHistogram.row(micros);
        int entry = LatencyHistogram.entry(micros);
        long upper = LatencyHistogram.upperBound(row, entry);
        assertThat(upper).isGreaterThanOrEqualTo(micros);
        assertThat((double) upper).isLessThanOrEqualTo(micros * 1.125 + 1);
    }

    @Test
    void percentilesAreOfRecordsWeightedByTheirBatch() {
        LatencyHistogram h = new LatencyHistogram(TWO_WINDOWS_OF_30S, true);
        long now = 1_000_000;
        h.record(1_000, 98, now); // 98 records at 1 ms
        h.record(50_000, 1, now); // one batch of one record at 50 ms
        h.record(200_000, 1, now); // and one at 200 ms
        assertThat(h.quantileMs(0.50, now)).isCloseTo(1.0, within(0.125));
        assertThat(h.quantileMs(0.99, now)).isCloseTo(50.0, within(50 * 0.125));
        assertThat(h.quantileMs(0.999, now)).isEqualTo(200.0);
        assertThat(h.maxMs(now)).isEqualTo(200.0);
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram(TWO_WINDOWS_OF_30S, true);
        for (int us = 0; us < 16; us++) {
            h.record(us, 1, 0);
        }
        assertThat(h.quantileMs(0.5, 0)).isEqualTo(0.007);
        assertThat(h.quantileMs(1.0, 0)).isEqualTo(0.015);
    }

    @Test
    void oldWindowsAgeOutAndTheirSlotsAreReused() {
        LatencyHistogram h = new LatencyHistogram(TWO_WINDOWS_OF_30S, true);
        h.record(100_000, 10, 0);
        h.record(2_000, 10, 30_000);
        assertThat(h.maxMs(59_999)).isEqualTo(100.0);
        // At 60 s the first window has left the two-window span: only the 2 ms values remain.
        assertThat(h.maxMs(60_000)).isEqualTo(2.0);
        assertThat(h.quantileMs(0.5, 60_000)).isCloseTo(2.0, within(0.25));
        // Its slot takes the third window, starting from zero.
        h.record(5_000, 1, 60_000);
        assertThat(h.maxMs(60_000)).isEqualTo(5.0);
        assertThat(h.quantileMs(0.5, 60_000)).isCloseTo(2.0, within(0.25));
        assertThat(h.maxMs(200_000)).isNaN();
        assertThat(h.quantileMs(0.5, 200_000)).isNaN();
    }

    @Test
    void aHistogramLeftOutByTheRecordingLevelStaysEmpty() {
        LatencyHistogram h = new LatencyHistogram(TWO_WINDOWS_OF_30S, false);
        h.record(1_000, 5, 0);
        assertThat(h.recording()).isFalse();
        assertThat(h.maxMs(0)).isNaN();
    }

    @Test
    void hugeAndNegativeValuesAreClamped() {
        LatencyHistogram h = new LatencyHistogram(TWO_WINDOWS_OF_30S, true);
        h.record(-5, 1, 0);
        h.record(Long.MAX_VALUE, 1, 0);
        assertThat(h.quantileMs(0.5, 0)).isEqualTo(0.0);
        assertThat(h.maxMs(0)).isEqualTo(((1L << 41) - 1) / 1000.0);
    }
}
