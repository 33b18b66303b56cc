package io.sluice.producer.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The identity of a metric: its name (e.g. {@code record-send-rate}), its group (e.g. {@code producer-metrics}) and
 * its tags (e.g. {@code client-id}), in the order they were given. Two names are equal when name, group and tags
 * are; the description is only for people.
 */
public final class MetricName {
    private final String name;
    private final String group;
    private final String description;
    private final Map<String, String> tags;

    /**
     * Creates a metric name.
     *
     * @param name the metric's name, e.g. {@code record-send-rate}
     * @param group the group, e.g. {@code producer-metrics}
     * @param description what the metric measures
     * @param tags the tags, kept in iteration order
     */
    public MetricName(String name, String group, String description, Map<String, String> tags) {
        this.name = Objects.requireNonNull(name, "name");
        this.group = Objects.requireNonNull(group, "group");
        this.description = description == null ? "" : description;
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** Returns the metric's name. */
    public String name() {
        return name;
    }

    /** Returns the group the metric belongs to. */
    public String group() {
        return group;
    }

    /** Returns what the metric measures. */
    public String description() {
        return description;
    }

    /** Returns the tags, read-only, in the order they were given. */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricName other
                && name.equals(other.name)
                && group.equals(other.group)
                && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, group, tags);
    }

    @Override
    public String toString() {
        return group + ":" + name + tags;
    }
}
