package io.sluice.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.metrics.Metric;
import io.sluice.producer.metrics.MetricName;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Binds a {@link SluiceProducer}'s Kafka metrics ({@link SluiceProducer#kafkaMetrics()}) to Micrometer under the
 * meter names and tags that Micrometer's {@code KafkaClientMetrics} gives a kafka-clients producer, so dashboards
 * and alerts built for it read Sluice unchanged: {@code producer-metrics} / {@code record-send-total} becomes the
 * function counter {@code kafka.producer.record.send.total}, {@code producer-topic-metrics} / {@code byte-rate} the
 * gauge {@code kafka.producer.topic.byte.rate}, with tags {@code client.id} (and {@code node.id} or {@code topic}),
 * {@code kafka.version} ({@code unknown}: Sluice is not a kafka-clients release) and the tags given here. Every
 * {@code -total} metric is a function counter, every other one a gauge read when the registry asks.
 *
 * <pre>{@code
 * SluiceProducer<String, String> producer = ...;
 * SluiceProducerMetrics metrics = new SluiceProducerMetrics(producer, Tags.of("app", "orders"));
 * metrics.bindTo(registry);
 * ...
 * producer.close();
 * metrics.close();
 * }</pre>
 *
 * <p>Node and topic metrics appear when the producer first uses the node or topic. The binder looks for metrics
 * added or removed since its last look every refresh interval (a minute by default, as Micrometer's Kafka binder),
 * on a daemon thread of its own, and at {@link #refresh()}. {@link #close()} stops that thread and removes every
 * meter the binder registered; closing the producer alone leaves the meters showing its last values.
 */
public final class SluiceProducerMetrics implements MeterBinder, AutoCloseable {
    /** How often the binder looks for new and removed metrics unless told otherwise: one minute. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(SluiceProducerMetrics.class.getName());

    private final Supplier<Map<MetricName, Metric>> source;
    private final List<Tag> tags;
    private final Duration refreshInterval;
    private final String threadName;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<RegistryMeters> bindings = new ArrayList<>(); // guarded by lock
    private ScheduledExecutorService refresher; // guarded by lock, started at the first bind
    private boolean closed; // guarded by lock

    /** Creates a binder for the producer's metrics, with no extra tags and the default refresh interval. */
    public SluiceProducerMetrics(SluiceProducer<?, ?> producer) {
        this(producer, List.of());
    }

    /**
     * Creates a binder for the producer's metrics that adds {@code tags} to every meter, with the default refresh
     * interval.
     */
    public SluiceProducerMetrics(SluiceProducer<?, ?> producer, Iterable<Tag> tags) {
        this(producer, tags, DEFAULT_REFRESH_INTERVAL);
    }

    /**
     * Creates a binder for the producer's metrics that adds {@code tags} to every meter and looks for new and
     * removed metrics every {@code refreshInterval}.
     *
     * @throws IllegalArgumentException if {@code refreshInterval} is not positive
     */
    public SluiceProducerMetrics(SluiceProducer<?, ?> producer, Iterable<Tag> tags, Duration refreshInterval) {
        this(producer::kafkaMetrics, tags, refreshInterval, "sluice-micrometer-" + clientId(producer));
    }

    SluiceProducerMetrics(
            Supplier<Map<MetricName, Metric>> source, Iterable<Tag> tags, Duration refreshInterval, String threadName) {
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refreshInterval must be positive, was " + refreshInterval);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.tags = new ArrayList<>();
        Objects.requireNonNull(tags, "tags").forEach(this.tags::add);
        this.refreshInterval = refreshInterval;
        this.threadName = threadName;
    }

    private static String clientId(SluiceProducer<?, ?> producer) {
        return Objects.requireNonNull(producer, "producer").config().clientId();
    }

    /**
     * Registers a meter for each metric the producer has now, and from then on for each metric it adds, in {@code
     * registry}. A binder may be bound to several registries.
     *
     * @throws IllegalStateException if the binder is closed
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("SluiceProducerMetrics is closed");
            }
            for (RegistryMeters bound : bindings) {
                if (bound.registry() == registry) {
                    return;
                }
            }
            RegistryMeters meters = new RegistryMeters(registry, this, tags);
            meters.sync(currentNames());
            bindings.add(meters);
            if (refresher == null) {
                refresher = startRefresher();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers meters for the metrics the producer added since the last look, and removes those of metrics it
     * removed, in every registry bound. The binder does this on its own every refresh interval; call it to have
     * a new topic's meters at once. Does nothing once closed.
     */
    public void refresh() {
        lock.lock();
        try {
            if (closed || bindings.isEmpty()) {
                return;
            }
            Set<MetricName> names = currentNames();
            for (RegistryMeters meters : bindings) {
                meters.sync(names);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops looking for new metrics and removes every meter this binder registered, from every registry. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (refresher != null) {
                refresher.shutdownNow();
            }
            bindings.forEach(RegistryMeters::removeAll);
            bindings.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The metric's value now, or NaN once the producer no longer has it (a meter outlives its metric until the next
     * refresh). Read through the producer's live map, so a metric replaced under the same name is read anew.
     */
    double valueOf(MetricName name) {
        Metric metric = source.get().get(name);
        return metric == null ? Double.NaN : metric.value();
    }

    private Set<MetricName> currentNames() {
        return new HashSet<>(source.get().keySet());
    }

    private ScheduledExecutorService startRefresher() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long periodMs = Math.max(1, refreshInterval.toMillis());
        executor.scheduleWithFixedDelay(this::refreshQuietly, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return executor;
    }

    /** A failed refresh must not end the schedule: log it and try again next time. */
    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Refreshing the producer's meters failed; trying again in " + refreshInterval, e);
        }
    }
}
