package io.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tag;
import io.sluice.producer.metrics.MetricName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka metric names become Micrometer's Kafka meter names. */
class KafkaMeterNamingTest {
    private static MetricName metric(String name, String group, Map<String, String> tags) {
        return new MetricName(name, group, "", tags);
    }

    @Test
    void producerGroupLosesItsMetricsSuffixAndDashesBecomeDots() {
        MetricName sent = metric("record-send-total", "producer-metrics", Map.of("client-id", "c"));

        assertThat(KafkaMeterNaming.meterName(sent)).isEqualTo("kafka.producer.record.send.total");
    }

    @Test
    void nodeAndTopicGroupsKeepTheirMiddleWord() {
        MetricName latency = metric("request-latency-avg", "producer-node-metrics", Map.of());
        MetricName bytes = metric("byte-rate", "producer-topic-metrics", Map.of());

        assertThat(KafkaMeterNaming.meterName(latency)).isEqualTo("kafka.producer.node.request.latency.avg");
        assertThat(KafkaMeterNaming.meterName(bytes)).isEqualTo("kafka.producer.topic.byte.rate");
    }

    @Test
    void tagKeysGetDotsThenKafkaVersionThenExtraTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("client-id", "orders-1");
        tags.put("node-id", "node-3");
        MetricName latency = metric("request-latency-avg", "producer-node-metrics", tags);

        assertThat(KafkaMeterNaming.meterTags(latency, List.of(Tag.of("app", "orders"))))
                .containsExactly(
                        Tag.of("client.id", "orders-1"),
                        Tag.of("node.id", "node-3"),
                        Tag.of("kafka.version", "unknown"),
                        Tag.of("app", "orders"));
    }

    @Test
    void onlyTotalsAreCounters() {
        assertThat(KafkaMeterNaming.isCounter(metric("record-send-total", "producer-metrics", Map.of())))
                .isTrue();
        assertThat(KafkaMeterNaming.isCounter(metric("record-send-rate", "producer-metrics", Map.of())))
                .isFalse();
        assertThat(KafkaMeterNaming.isCounter(metric("buffer-total-bytes", "producer-metrics", Map.of())))
                .isFalse();
        assertThat(KafkaMeterNaming.isCounter(metric("connection-count", "producer-metrics", Map.of())))
                .isFalse();
    }
}
