package io.sluice.micrometer;

import io.micrometer.core.instrument.Tag;
import io.sluice.producer.metrics.MetricName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How Micrometer's Kafka binder names a Kafka metric, as a contract dashboards depend on: the meter name is {@code
 * kafka.}, the group and the name, joined by dots, with every {@code -metrics} dropped and every other dash made a
 * dot ({@code producer-topic-metrics} / {@code record-send-total} becomes {@code kafka.producer.topic.record.send.total});
 * each tag key has its dashes made dots ({@code client-id} becomes {@code client.id}); every meter also carries
 * {@code kafka.version}, and counters are the cumulative {@code -total} metrics.
 */
final class KafkaMeterNaming {
    /** The tag Micrometer adds to every Kafka meter. */
    static final String KAFKA_VERSION_TAG = "kafka.version";

    /**
     * Micrometer takes {@code kafka.version} from kafka-clients' {@code app-info} metrics and says {@code unknown}
     * when a client has none, as Sluice has none: Sluice is not a kafka-clients release.
     */
    static final String KAFKA_VERSION = "unknown";

    private static final String PREFIX = "kafka.";
    private static final String GROUP_SUFFIX = "-metrics";

    private KafkaMeterNaming() {}

    /** The meter name Micrometer gives the metric. */
    static String meterName(MetricName metric) {
        String joined = PREFIX + metric.group() + "." + metric.name();
        return joined.replace(GROUP_SUFFIX, "").replace('-', '.');
    }

    /** The metric's tags as meter tags, then {@code kafka.version}, then the binder's own tags. */
    static List<Tag> meterTags(MetricName metric, Iterable<Tag> extraTags) {
        List<Tag> tags = new ArrayList<>(metric.tags().size() + 2);
        for (Map.Entry<String, String> tag : metric.tags().entrySet()) {
            tags.add(Tag.of(tag.getKey().replace('-', '.'), tag.getValue()));
        }
        tags.add(Tag.of(KAFKA_VERSION_TAG, KAFKA_VERSION));
        extraTags.forEach(tags::add);
        return tags;
    }

    /**
     * Whether the metric is a count since start, which Micrometer registers as a function counter (kafka-clients'
     * cumulative sums and counts, all named {@code -total}); every other metric is a gauge.
     */
    static boolean isCounter(MetricName metric) {
        return metric.name().endsWith("-total");
    }
}
