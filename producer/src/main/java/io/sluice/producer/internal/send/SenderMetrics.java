package io.sluice.producer.internal.send;

import io.sluice.producer.internal.metrics.ProducerMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sender's counters. Written by the I/O thread, read by anyone through {@link #snapshot}; rates are
 * computed over the producer's lifetime, which is what a plain name-to-value map can honestly say.
 */
public final class SenderMetrics {
    private final long startMs;
    private final LongAdder requests = new LongAdder();
    private final LongAdder requestBytes = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchBytes = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder recordErrors = new LongAdder();
    private final LongAdder responses = new LongAdder();
    private final LongAdder latencyTotalMs = new LongAdder();
    private final AtomicLong latencyMaxMs = new AtomicLong();
    private final Map<String, LongAdder> errorsByName = new ConcurrentHashMap<>();

    private final ProducerMetrics kafka;

    public SenderMetrics(long startMs) {
        this(startMs, ProducerMetrics.NONE);
    }

    /** Counters that also record into Kafka's producer metrics. */
    public SenderMetrics(long startMs, ProducerMetrics kafka) {
        this.startMs = startMs;
        this.kafka = kafka;
    }

    /** Kafka's producer metrics, recorded into alongside these counters. */
    ProducerMetrics kafka() {
        return kafka;
    }

    void requestSent(int bytes, int batchCount, int recordCount, int batchByteCount) {
        requests.increment();
        requestBytes.add(bytes);
        batches.add(batchCount);
        records.add(recordCount);
        batchBytes.add(batchByteCount);
    }

    void responseReceived(long latencyMs) {
        responses.increment();
        latencyTotalMs.add(latencyMs);
        latencyMaxMs.accumulateAndGet(latencyMs, Math::max);
    }

    void retried(String topic, int recordCount, long nowMs) {
        retries.add(recordCount);
        kafka.retried(topic, recordCount, nowMs);
    }

    void failed(String topic, String errorName, int recordCount, long nowMs) {
        recordErrors.add(recordCount);
        kafka.failed(topic, recordCount, nowMs);
        errorsByName.computeIfAbsent(errorName, k -> new LongAdder()).increment();
    }

    public long recordsSent() {
        return records.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long errors(String errorName) {
        LongAdder a = errorsByName.get(errorName);
        return a == null ? 0 : a.sum();
    }

    /**
     * Every metric by its Kafka-style name, as lifetime values; {@code SluiceProducer.metrics()} lays the registry's
     * windowed values of the same names over these when the producer has a registry.
     */
    public Map<String, Number> snapshot(long nowMs) {
        double seconds = Math.max(1e-3, (nowMs - startMs) / 1000.0);
        long requestCount = requests.sum();
        long batchCount = batches.sum();
        long recordCount = records.sum();
        long responseCount = responses.sum();
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("request-total", requestCount);
        m.put("request-rate", requestCount / seconds);
        m.put("outgoing-byte-total", requestBytes.sum());
        m.put("outgoing-byte-rate", requestBytes.sum() / seconds);
        m.put("record-send-total", recordCount);
        m.put("record-send-rate", recordCount / seconds);
        m.put("batch-size-avg", batchCount == 0 ? 0.0 : (double) batchBytes.sum() / batchCount);
        m.put("records-per-request-avg", requestCount == 0 ? 0.0 : (double) recordCount / requestCount);
        m.put("request-latency-avg", responseCount == 0 ? 0.0 : (double) latencyTotalMs.sum() / responseCount);
        m.put("request-latency-max", latencyMaxMs.get());
        m.put("record-retry-total", retries.sum());
        m.put("record-error-total", recordErrors.sum());
        errorsByName.forEach((name, count) -> m.put("errors-by-name." + name, count.sum()));
        return m;
    }
}
