package io.sluice.producer.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Windowed rates, averages and maxima over metrics.sample.window.ms x metrics.num.samples, on an injected clock. */
class SensorTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    private Sensor sensor(long windowMs, int samples, RecordingLevel configured, RecordingLevel level) {
        MetricsRegistry registry =
                new MetricsRegistry(new MetricsConfig(windowMs, samples, configured), now::get, List.of());
        return registry.sensor(level);
    }

    @Test
    void rateIsValuesOverTheTimeTheWindowCovers() {
        Sensor s = sensor(1_000, 2, RecordingLevel.INFO, RecordingLevel.INFO);
        s.record(100, now.get());
        now.addAndGet(500);
        s.record(100, now.get());
        assertThat(s.valueRate(now.get())).isCloseTo(400.0, within(1e-9)); // 200 over 0.5 s
        assertThat(s.eventRate(now.get())).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void valuesOlderThanTheSamplesDropOutButTotalsKeepThem() {
        Sensor s = sensor(1_000, 2, RecordingLevel.INFO, RecordingLevel.INFO);
        s.record(50, now.get());
        now.addAndGet(1_000);
        s.record(10, now.get());
        assertThat(s.max(now.get())).isEqualTo(50.0);
        assertThat(s.avg(now.get())).isEqualTo(30.0);
        now.addAndGet(1_000); // the first window is now more than two windows back
        assertThat(s.max(now.get())).isEqualTo(10.0);
        assertThat(s.avg(now.get())).isEqualTo(10.0);
        assertThat(s.valueRate(now.get())).isCloseTo(10.0, within(1e-9)); // 10 over the last 1 s window + 0
        now.addAndGet(5_000);
        assertThat(s.avg(now.get())).isNaN();
        assertThat(s.max(now.get())).isNaN();
        assertThat(s.valueRate(now.get())).isZero();
        assertThat(s.valueTotal()).isEqualTo(60.0);
        assertThat(s.eventTotal()).isEqualTo(2);
    }

    @Test
    void aSlotReusedForALaterWindowStartsEmpty() {
        Sensor s = sensor(1_000, 2, RecordingLevel.INFO, RecordingLevel.INFO);
        s.record(7, now.get());
        now.addAndGet(2_000); // same slot, two windows later
        s.record(3, now.get());
        assertThat(s.avg(now.get())).isEqualTo(3.0);
        assertThat(s.max(now.get())).isEqualTo(3.0);
    }

    @Test
    void sensorsAboveTheRecordingLevelRecordNothing() {
        Sensor debug = sensor(1_000, 2, RecordingLevel.INFO, RecordingLevel.DEBUG);
        debug.record(5, now.get());
        assertThat(debug.eventTotal()).isZero();
        Sensor recorded = sensor(1_000, 2, RecordingLevel.DEBUG, RecordingLevel.DEBUG);
        recorded.record(5, now.get());
        assertThat(recorded.eventTotal()).isEqualTo(1);
        Sensor trace = sensor(1_000, 2, RecordingLevel.DEBUG, RecordingLevel.TRACE);
        trace.record(5, now.get());
        assertThat(trace.eventTotal()).isZero();
    }
}
