package io.sluice.producer.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.internal.metrics.StageLatencies.Stage;
import io.sluice.producer.metrics.MetricName;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StageLatenciesTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private MetricsRegistry registry(RecordingLevel level) {
        return new MetricsRegistry(new MetricsConfig(30_000, 2, level), now::get, List.of());
    }

    private static MetricName producerWide(String name) {
        return new MetricName(name, StageLatencies.PRODUCER_GROUP, "", Map.of("client-id", "c"));
    }

    @Test
    void eachStageIsNamedAndReadProducerWide() {
        MetricsRegistry registry = registry(RecordingLevel.INFO);
        StageLatencies stages = new ProducerMetrics(registry, "c").stages();
        stages.record(Stage.ACCUMULATE, "t", 0, 5_000, 10, now.get());
        stages.record(Stage.WIRE, "t", 0, 800, 10, now.get());
        assertThat(registry.metric(producerWide("accumulate-time-p50")).value()).isBetween(5.0, 5.0 * 1.125);
        assertThat(registry.metric(producerWide("wire-time-max")).value()).isEqualTo(0.8);
        assertThat(registry.metric(producerWide("callback-time-p99")).value()).isNaN();
        for (Stage s : Stage.values()) {
            for (String suffix : List.of("p50", "p99", "p999", "max")) {
                assertThat(registry.metric(producerWide(s.metricName() + "-time-" + suffix)))
                        .as(s + " " + suffix)
                        .isNotNull();
            }
        }
    }

    @Test
    void perPartitionHistogramsComeOnlyAtDebugLevel() {
        MetricsRegistry info = registry(RecordingLevel.INFO);
        new ProducerMetrics(info, "c").stages().record(Stage.SEND_WAIT, "t", 3, 1_000, 1, now.get());
        assertThat(info.metrics().keySet()).noneMatch(n -> n.group().equals(StageLatencies.PARTITION_GROUP));

        MetricsRegistry debug = registry(RecordingLevel.DEBUG);
        StageLatencies stages = new ProducerMetrics(debug, "c").stages();
        stages.record(Stage.SEND_WAIT, "t", 3, 1_000, 1, now.get());
        stages.record(Stage.SEND_WAIT, "t", 1, 9_000, 1, now.get());
        MetricName p3 = new MetricName(
                "send-wait-time-max",
                StageLatencies.PARTITION_GROUP,
                "",
                Map.of("client-id", "c", "topic", "t", "partition", "3"));
        MetricName p1 = new MetricName(
                "send-wait-time-max",
                StageLatencies.PARTITION_GROUP,
                "",
                Map.of("client-id", "c", "topic", "t", "partition", "1"));
        assertThat(debug.metric(p3).value()).isEqualTo(1.0);
        assertThat(debug.metric(p1).value()).isEqualTo(9.0);
        assertThat(debug.metric(producerWide("send-wait-time-max")).value()).isEqualTo(9.0);
    }
}
