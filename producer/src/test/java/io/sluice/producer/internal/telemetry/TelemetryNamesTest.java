package io.sluice.producer.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.metrics.MetricName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryNamesTest {

    @Test
    void namesMetricsTheWayKip714Does() {
        assertThat(TelemetryNames.telemetryName(name("record-send-rate", "producer-metrics")))
                .isEqualTo("org.apache.kafka.producer.record.send.rate");
        assertThat(TelemetryNames.telemetryName(name("request-latency-avg", "producer-node-metrics")))
                .isEqualTo("org.apache.kafka.producer.node.request.latency.avg");
        assertThat(TelemetryNames.telemetryName(name("record-send-total", "producer-topic-metrics")))
                .isEqualTo("org.apache.kafka.producer.topic.record.send.total");
    }

    @Test
    void tagKeysBecomeSnakeCaseAndTheClientIdMovesToTheResource() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("client-id", "c");
        tags.put("node-id", "node-1");
        tags.put("topic", "t");
        assertThat(TelemetryNames.attributes(tags))
                .containsExactly(Map.entry("node_id", "node-1"), Map.entry("topic", "t"));
    }

    @Test
    void matchesRequestedPrefixes() {
        String name = "org.apache.kafka.producer.record.send.rate";
        assertThat(TelemetryNames.requested(List.of(""), name))
                .as("all metrics")
                .isTrue();
        assertThat(TelemetryNames.requested(List.of(), name)).as("none").isFalse();
        assertThat(TelemetryNames.requested(List.of("org.apache.kafka.producer.record."), name))
                .isTrue();
        assertThat(TelemetryNames.requested(List.of("org.apache.kafka.producer.node."), name))
                .isFalse();
    }

    private static MetricName name(String name, String group) {
        return new MetricName(name, group, "", Map.of("client-id", "c"));
    }
}
