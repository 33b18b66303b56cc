package io.sluice.producer.internal.metrics;

import io.sluice.producer.metrics.Metric;
import io.sluice.producer.metrics.MetricName;
import io.sluice.producer.metrics.MetricsReporter;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A producer's metrics: sensors that are recorded into, and the named metrics read from them, told to the
 * reporters as they are added and removed. Adding and removing are rare (start, a new node or topic, close) and may
 * come from any thread; reads go through a concurrent map.
 */
public final class MetricsRegistry implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsRegistry.class.getName());

    private final MetricsConfig config;
    private final LongSupplier clockMs;
    private final List<MetricsReporter> reporters;
    private final Map<MetricName, Metric> metrics = new ConcurrentHashMap<>();
    private final boolean recording;
    private volatile boolean started;

    /** Creates a registry that tells {@code reporters} of its metrics from {@link #start()} on. */
    public MetricsRegistry(MetricsConfig config, LongSupplier clockMs, List<MetricsReporter> reporters) {
        this.config = config;
        this.clockMs = clockMs;
        this.reporters = List.copyOf(reporters);
        this.recording = true;
    }

    private MetricsRegistry() {
        this.config = MetricsConfig.DEFAULT;
        this.clockMs = System::currentTimeMillis;
        this.reporters = List.of();
        this.recording = false;
    }

    /** A registry whose sensors never record, for parts built without a producer. */
    public static MetricsRegistry off() {
        return new MetricsRegistry();
    }

    /** Whether sensors of this registry record at all. */
    public boolean recording() {
        return recording;
    }

    /** A registry with Kafka's default sampling and no reporters, for parts built on their own (tests). */
    public static MetricsRegistry detached() {
        return new MetricsRegistry(MetricsConfig.DEFAULT, System::currentTimeMillis, List.of());
    }

    /** Creates a sensor of the given level; it records only if {@code metrics.recording.level} includes it. */
    public Sensor sensor(RecordingLevel level) {
        return new Sensor(config, recording && config.level().records(level), clockMs.getAsLong());
    }

    /** Creates a latency histogram of the given level; it records only if the recording level includes it. */
    public LatencyHistogram histogram(RecordingLevel level) {
        return new LatencyHistogram(config, recording && config.level().records(level));
    }

    /** Adds (or replaces) a metric and tells the reporters once started. */
    public Metric add(MetricName name, Measurable measurable) {
        Metric metric = new LiveMetric(name, measurable, clockMs);
        metrics.put(name, metric);
        if (started) {
            for (MetricsReporter r : reporters) {
                notify(r, () -> r.metricChange(metric));
            }
        }
        return metric;
    }

    /** Removes a metric, if present, and tells the reporters. */
    public void remove(MetricName name) {
        Metric metric = metrics.remove(name);
        if (metric != null && started) {
            for (MetricsReporter r : reporters) {
                notify(r, () -> r.metricRemoval(metric));
            }
        }
    }

    /** Hands the reporters every metric there is; metrics added later reach them one by one. */
    public void start() {
        List<Metric> now = new ArrayList<>(metrics.values());
        started = true;
        for (MetricsReporter r : reporters) {
            notify(r, () -> r.init(now));
        }
    }

    /** Returns every metric, read-only and live. */
    public Map<MetricName, Metric> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    /** Returns the metric of that name, or null. */
    public Metric metric(MetricName name) {
        return metrics.get(name);
    }

    /** The sampling settings. */
    public MetricsConfig config() {
        return config;
    }

    /** Closes the reporters (a JMX reporter unregisters its beans). */
    @Override
    public void close() {
        started = false;
        for (MetricsReporter r : reporters) {
            notify(r, r::close);
        }
    }

    /** A reporter's failure is its own: log it, never let it break the producer. */
    private static void notify(MetricsReporter reporter, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metrics reporter " + reporter.getClass().getName() + " failed", e);
        }
    }

    private record LiveMetric(MetricName metricName, Measurable measurable, LongSupplier clockMs) implements Metric {
        @Override
        public double value() {
            return measurable.measure(clockMs.getAsLong());
        }
    }
}
