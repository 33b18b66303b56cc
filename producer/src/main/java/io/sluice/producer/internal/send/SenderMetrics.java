package io.sluice.producer.internal.send;

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

    public SenderMetrics(long startMs) {
        this.startMs = startMs;
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

    void retried(int recordCount) {
        retries.add(recordCount);
    }

    void failed(String errorName, int recordCount) {
        recordErrors.add(recordCount);
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

    /** Every metric by its Kafka-style name. */
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
