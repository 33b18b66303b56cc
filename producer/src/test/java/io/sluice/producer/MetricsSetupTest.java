package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.internal.accumulate.BufferPool;
import io.sluice.producer.internal.metrics.ProducerMetrics;
import io.sluice.producer.internal.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSetupTest {
    private static ProducerMetrics metrics(Map<String, Object> settings) {
        return MetricsSetup.create(
                new ProducerConfig(settings, true, true),
                Clock.SYSTEM,
                new BufferPool(1 << 20, 16384, Clock.SYSTEM, false));
    }

    @Test
    void metricsRecordByDefault() {
        assertThat(metrics(Map.of("bootstrap.servers", "localhost:9092"))
                        .registry()
                        .recording())
                .isTrue();
    }

    @Test
    void sluiceMetricsEnabledFalseRecordsNothing() {
        ProducerMetrics off = metrics(Map.of("bootstrap.servers", "localhost:9092", "sluice.metrics.enabled", "false"));
        assertThat(off.registry().recording()).isFalse();
        off.batchSent("t", 10, 1000, 1000, 100, 5, System.currentTimeMillis());
        assertThat(off.registry().metrics().values())
                .filteredOn(m -> m.metricName().name().equals("record-send-total"))
                .allSatisfy(m -> assertThat(m.value()).isZero());
    }
}
