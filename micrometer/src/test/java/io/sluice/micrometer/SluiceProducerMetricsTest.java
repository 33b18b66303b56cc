package io.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.producer.metrics.Metric;
import io.sluice.producer.metrics.MetricName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The binder follows a metric map as it changes, without a broker: metrics come, go and are replaced. */
class SluiceProducerMetricsTest {
    private static final Duration NEVER = Duration.ofDays(1);

    private final Map<MetricName, Metric> metrics = new ConcurrentHashMap<>();

    private static MetricName name(String name, String group, String... tags) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            map.put(tags[i], tags[i + 1]);
        }
        return new MetricName(name, group, "what it counts", map);
    }

    private void put(MetricName name, AtomicLong value) {
        metrics.put(name, new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public double value() {
                return value.get();
            }
        });
    }

    private SluiceProducerMetrics binder() {
        return new SluiceProducerMetrics(() -> metrics, List.of(), NEVER, "test-refresher");
    }

    @Test
    void totalsAreFunctionCountersAndTheRestGaugesReadLive() {
        AtomicLong sent = new AtomicLong(5);
        AtomicLong available = new AtomicLong(1024);
        put(name("record-send-total", "producer-metrics", "client-id", "c"), sent);
        put(name("buffer-available-bytes", "producer-metrics", "client-id", "c"), available);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SluiceProducerMetrics binder = binder()) {
            binder.bindTo(registry);
            FunctionCounter counter = registry.get("kafka.producer.record.send.total")
                    .tags("client.id", "c", "kafka.version", "unknown")
                    .functionCounter();
            Gauge gauge = registry.get("kafka.producer.buffer.available.bytes").gauge();
            sent.set(7);
            available.set(10);

            assertThat(counter.count()).isEqualTo(7.0);
            assertThat(gauge.value()).isEqualTo(10.0);
            assertThat(counter.getId().getDescription()).isEqualTo("what it counts");
        }
    }

    @Test
    void refreshAddsMetricsThatAppearedAndRemovesThoseGone() {
        MetricName producerLevel = name("record-send-total", "producer-metrics", "client-id", "c");
        MetricName topicLevel = name("record-send-total", "producer-topic-metrics", "client-id", "c", "topic", "t");
        put(producerLevel, new AtomicLong(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SluiceProducerMetrics binder = binder()) {
            binder.bindTo(registry);
            assertThat(registry.find("kafka.producer.topic.record.send.total").meters())
                    .isEmpty();

            put(topicLevel, new AtomicLong(3));
            binder.refresh();
            assertThat(registry.get("kafka.producer.topic.record.send.total")
                            .tag("topic", "t")
                            .functionCounter()
                            .count())
                    .isEqualTo(3.0);

            metrics.remove(topicLevel);
            binder.refresh();
            assertThat(registry.find("kafka.producer.topic.record.send.total").meters())
                    .isEmpty();
            assertThat(registry.find("kafka.producer.record.send.total").meters())
                    .hasSize(1);
        }
    }

    @Test
    void aMetricReplacedUnderItsNameIsReadAnew() {
        MetricName sentName = name("record-send-total", "producer-metrics", "client-id", "c");
        put(sentName, new AtomicLong(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SluiceProducerMetrics binder = binder()) {
            binder.bindTo(registry);
            put(sentName, new AtomicLong(42));

            assertThat(registry.get("kafka.producer.record.send.total")
                            .functionCounter()
                            .count())
                    .isEqualTo(42.0);
        }
    }

    @Test
    void closeRemovesEveryMeterFromEveryRegistryEvenWithCommonTags() {
        put(name("record-send-total", "producer-metrics", "client-id", "c"), new AtomicLong(1));
        put(name("record-send-rate", "producer-metrics", "client-id", "c"), new AtomicLong(1));
        SimpleMeterRegistry plain = new SimpleMeterRegistry();
        SimpleMeterRegistry tagged = new SimpleMeterRegistry();
        tagged.config().commonTags("region", "eu");
        SimpleMeterRegistry unrelated = new SimpleMeterRegistry();
        unrelated.counter("kafka.producer.record.send.total", Tags.of("client.id", "c", "kafka.version", "unknown"));
        SluiceProducerMetrics binder = binder();
        binder.bindTo(plain);
        binder.bindTo(tagged);
        assertThat(plain.getMeters()).hasSize(2);
        assertThat(tagged.get("kafka.producer.record.send.rate")
                        .tag("region", "eu")
                        .gauge())
                .isNotNull();

        binder.close();
        binder.refresh();

        assertThat(plain.getMeters()).isEmpty();
        assertThat(tagged.getMeters()).isEmpty();
        assertThat(unrelated.getMeters()).hasSize(1);
        assertThatThrownBy(() -> binder.bindTo(plain)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void extraTagsReachEveryMeter() {
        put(name("record-send-total", "producer-metrics", "client-id", "c"), new AtomicLong(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SluiceProducerMetrics binder =
                new SluiceProducerMetrics(() -> metrics, Tags.of("app", "orders"), NEVER, "test-refresher")) {
            binder.bindTo(registry);

            assertThat(registry.get("kafka.producer.record.send.total")
                            .tag("app", "orders")
                            .functionCounter())
                    .isNotNull();
        }
    }

    @Test
    void aMeterWhoseMetricIsGoneReadsNaNUntilTheNextRefresh() {
        MetricName rate = name("record-send-rate", "producer-metrics", "client-id", "c");
        put(rate, new AtomicLong(9));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SluiceProducerMetrics binder = binder()) {
            binder.bindTo(registry);
            Gauge gauge = registry.get("kafka.producer.record.send.rate").gauge();
            metrics.remove(rate);

            assertThat(gauge.value()).isNaN();
        }
    }

    @Test
    void refreshIntervalMustBePositive() {
        assertThatThrownBy(() -> new SluiceProducerMetrics(() -> metrics, List.of(), Duration.ZERO, "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
