package io.sluice.producer.internal.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where a record's time goes, stage by stage, as percentiles over the sample window; no Kafka client shows this.
 * Each stage is recorded once per batch, weighted by the batch's record count, so the percentiles are per record:
 *
 * <pre>
 *   send() ──accumulate──▶ ready ──send-wait──▶ drained ··· written ──wire──▶ answered ──callback──▶ callbacks done
 *           (filling,              (a connection, an       (request on the wire     (callback thread's queue
 *            lingering)             in-flight slot,         until the broker's       and the callbacks
 *                                   a backoff)              answer is read)          themselves)
 * </pre>
 *
 * <p>Producer-wide histograms ({@code producer-stage-metrics}, tag {@code client-id}) record at the {@code INFO}
 * level, the default; per partition ({@code producer-partition-stage-metrics}, tags {@code client-id}, {@code
 * topic}, {@code partition}) at {@code DEBUG}, because a producer may write to thousands of partitions. Each stage
 * gives {@code <stage>-time-p50}, {@code -p99}, {@code -p999} and {@code -max}, in milliseconds.
 */
public final class StageLatencies {
    public static final String PRODUCER_GROUP = "producer-stage-metrics";
    public static final String PARTITION_GROUP = "producer-partition-stage-metrics";

    /** The stages of a record's road, in order. */
    public enum Stage {
        ACCUMULATE("accumulate", "in the accumulator until its batch was full or had lingered"),
        SEND_WAIT("send-wait", "from its batch being ready until it was drained into a request"),
        WIRE("wire", "from its request being sent until the broker's answer was read"),
        CALLBACK("callback", "from the broker's answer until its callbacks had run");

        private final String metricName;
        private final String what;

        Stage(String metricName, String what) {
            this.metricName = metricName;
            this.what = what;
        }

        /** The stage's name in metric names, e.g. {@code send-wait}. */
        public String metricName() {
            return metricName;
        }
    }

    private static final Stage[] STAGES = Stage.values();

    private final MetricsRegistry registry;
    private final String clientId;
    private final LatencyHistogram[] producerWide = new LatencyHistogram[STAGES.length];
    private final boolean perPartition;
    private final Map<String, LatencyHistogram[][]> partitions = new ConcurrentHashMap<>();
    private final ReentrantLock growLock = new ReentrantLock();

    StageLatencies(MetricsRegistry registry, String clientId) {
        this.registry = registry;
        this.clientId = clientId;
        MetricGroup group = new MetricGroup(registry, PRODUCER_GROUP, Map.of("client-id", clientId));
        for (Stage stage : STAGES) {
            producerWide[stage.ordinal()] = registry.histogram(RecordingLevel.INFO);
            define(group, stage, producerWide[stage.ordinal()]);
        }
        this.perPartition = registry.histogram(RecordingLevel.DEBUG).recording();
    }

    /**
     * Records that {@code records} records of a batch of {@code topic}-{@code partition} spent {@code micros} in
     * {@code stage}, at {@code nowMs}.
     */
    public void record(Stage stage, String topic, int partition, long micros, int records, long nowMs) {
        producerWide[stage.ordinal()].record(micros, records, nowMs);
        if (perPartition) {
            partition(topic, partition)[stage.ordinal()].record(micros, records, nowMs);
        }
    }

    /** The producer-wide histogram of a stage (for tests and printouts). */
    public LatencyHistogram producerWide(Stage stage) {
        return producerWide[stage.ordinal()];
    }

    private LatencyHistogram[] partition(String topic, int partition) {
        LatencyHistogram[][] known = partitions.get(topic);
        if (known != null && partition < known.length && known[partition] != null) {
            return known[partition];
        }
        return addPartition(topic, partition);
    }

    /** Once per partition: grows the topic's array under a lock and names the partition's metrics. */
    private LatencyHistogram[] addPartition(String topic, int partition) {
        growLock.lock();
        try {
            LatencyHistogram[][] known = partitions.getOrDefault(topic, new LatencyHistogram[0][]);
            if (partition < known.length && known[partition] != null) {
                return known[partition];
            }
            LatencyHistogram[][] grown = java.util.Arrays.copyOf(known, Math.max(known.length, partition + 1));
            LatencyHistogram[] stages = new LatencyHistogram[STAGES.length];
            MetricGroup group = new MetricGroup(
                    registry,
                    PARTITION_GROUP,
                    Map.of("client-id", clientId, "topic", topic, "partition", Integer.toString(partition)));
            for (Stage stage : STAGES) {
                stages[stage.ordinal()] = registry.histogram(RecordingLevel.DEBUG);
                define(group, stage, stages[stage.ordinal()]);
            }
            grown[partition] = stages;
            partitions.put(topic, grown);
            return stages;
        } finally {
            growLock.unlock();
        }
    }

    private static void define(MetricGroup group, Stage stage, LatencyHistogram h) {
        String base = stage.metricName() + "-time-";
        String what = "time in ms a record spent " + stage.what + ", over the sample window";
        group.add(base + "p50", "The median " + what, now -> h.quantileMs(0.50, now));
        group.add(base + "p99", "The 99th percentile " + what, now -> h.quantileMs(0.99, now));
        group.add(base + "p999", "The 99.9th percentile " + what, now -> h.quantileMs(0.999, now));
        group.add(base + "max", "The maximum " + what, h::maxMs);
    }
}
