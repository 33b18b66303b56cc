package io.sluice.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.sluice.producer.metrics.MetricName;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The meters one binder registered in one registry, one per producer metric. Not thread-safe: the binder calls it
 * under its lock.
 */
final class RegistryMeters {
    private static final System.Logger LOG = System.getLogger(RegistryMeters.class.getName());

    private final MeterRegistry registry;
    private final SluiceProducerMetrics values;
    private final Iterable<Tag> extraTags;
    private final Map<MetricName, Meter> meters = new HashMap<>();
    /** Metrics whose meter the registry refused, warned about once; they are tried again at each refresh. */
    private final Set<MetricName> refused = new HashSet<>();

    RegistryMeters(MeterRegistry registry, SluiceProducerMetrics values, Iterable<Tag> extraTags) {
        this.registry = registry;
        this.values = values;
        this.extraTags = extraTags;
    }

    MeterRegistry registry() {
        return registry;
    }

    /** Removes the meters of metrics that are gone and registers one for each metric that has none yet. */
    void sync(Set<MetricName> metrics) {
        Iterator<Map.Entry<MetricName, Meter>> bound = meters.entrySet().iterator();
        while (bound.hasNext()) {
            Map.Entry<MetricName, Meter> entry = bound.next();
            if (!metrics.contains(entry.getKey())) {
                registry.remove(entry.getValue());
                bound.remove();
            }
        }
        for (MetricName metric : metrics) {
            if (!meters.containsKey(metric)) {
                bind(metric);
            }
        }
    }

    /** Removes every meter this binder registered. */
    void removeAll() {
        meters.values().forEach(registry::remove);
        meters.clear();
    }

    private void bind(MetricName metric) {
        String name = KafkaMeterNaming.meterName(metric);
        List<Tag> tags = KafkaMeterNaming.meterTags(metric, extraTags);
        try {
            meters.put(metric, register(metric, name, tags));
            refused.remove(metric);
        } catch (RuntimeException e) {
            // A registry may refuse a meter (Prometheus wants one set of tag keys per name); the next refresh retries.
            if (refused.add(metric)) {
                LOG.log(Level.WARNING, "Meter " + name + " " + tags + " was not registered: " + e.getMessage());
            }
        }
    }

    private Meter register(MetricName metric, String name, List<Tag> tags) {
        String description = metric.description().isEmpty() ? null : metric.description();
        if (KafkaMeterNaming.isCounter(metric)) {
            return FunctionCounter.builder(name, values, v -> v.valueOf(metric))
                    .tags(tags)
                    .description(description)
                    .register(registry);
        }
        return Gauge.builder(name, values, v -> v.valueOf(metric))
                .tags(tags)
                .description(description)
                .register(registry);
    }
}
