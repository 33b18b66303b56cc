package io.sluice.producer.internal.metrics;

import io.sluice.producer.metrics.MetricName;
import java.util.Map;

/** One group and tag set of the registry (e.g. {@code producer-topic-metrics} of one topic): names metrics in it. */
final class MetricGroup {
    private final MetricsRegistry registry;
    private final String group;
    private final Map<String, String> tags;

    MetricGroup(MetricsRegistry registry, String group, Map<String, String> tags) {
        this.registry = registry;
        this.group = group;
        this.tags = tags;
    }

    void add(String name, String description, Measurable measurable) {
        registry.add(new MetricName(name, group, description, tags), measurable);
    }

    /** {@code <base>-rate} and {@code <base>-total}: the sum of the values recorded, per second and ever. */
    void valueMeter(String base, Sensor sensor, String what) {
        add(base + "-rate", "The number of " + what + " per second", sensor::valueRate);
        add(base + "-total", "The total number of " + what, now -> sensor.valueTotal());
    }

    /** {@code <base>-rate} and {@code <base>-total}: events recorded, per second and ever. */
    void eventMeter(String base, Sensor sensor, String what) {
        add(base + "-rate", "The number of " + what + " per second", sensor::eventRate);
        add(base + "-total", "The total number of " + what, now -> sensor.eventTotal());
    }

    /** {@code <base>-avg} and {@code <base>-max} over the sample window. */
    void avgMax(String base, Sensor sensor, String what) {
        add(base + "-avg", "The average " + what, sensor::avg);
        add(base + "-max", "The maximum " + what, sensor::max);
    }
}
