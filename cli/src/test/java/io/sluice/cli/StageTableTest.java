package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.metrics.Metric;
import io.sluice.producer.metrics.MetricName;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageTableTest {
    private static void put(Map<MetricName, Metric> metrics, String name, double value) {
        MetricName n = new MetricName(name, StageTable.GROUP, "", Map.of("client-id", "c"));
        metrics.put(n, new Metric() {
            @Override
            public MetricName metricName() {
                return n;
            }

            @Override
            public double value() {
                return value;
            }
        });
    }

    @Test
    void printsEveryStageWithADashForNoValue() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "wire-time-p50", 1.25);
        put(metrics, "wire-time-max", 9.5);
        put(metrics, "callback-time-p99", Double.NaN);
        String table = StageTable.format(metrics);
        assertThat(table.lines())
                .hasSize(5)
                .anySatisfy(
                        l -> assertThat(l).startsWith("wire").contains("1.250").contains("9.500"))
                .anySatisfy(l -> assertThat(l).startsWith("accumulate").doesNotContainPattern("[0-9]"));
    }

    @Test
    void printsNothingWithoutStageMetrics() {
        assertThat(StageTable.format(Map.of())).isEmpty();
    }
}
