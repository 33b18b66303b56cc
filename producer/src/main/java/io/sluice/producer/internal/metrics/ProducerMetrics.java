package io.sluice.producer.internal.metrics;

import io.sluice.producer.metrics.Metric;
import io.sluice.producer.metrics.MetricName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka's producer metrics, by Kafka's names, groups and tags: {@code producer-metrics} (tag {@code client-id}),
 * {@code producer-node-metrics} ({@code client-id}, {@code node-id} as {@code node-<id>}) and {@code
 * producer-topic-metrics} ({@code client-id}, {@code topic}). Each event method is called where the event happens,
 * once per batch or request (never per record), with the time the caller already read.
 *
 * <p>Node and topic metrics appear when a node or topic is first seen; the reporters hear of them then.
 */
public final class ProducerMetrics {
    public static final String PRODUCER_GROUP = "producer-metrics";
    public static final String NODE_GROUP = "producer-node-metrics";
    public static final String TOPIC_GROUP = "producer-topic-metrics";

    /** Records nothing and names nothing: for parts built without a producer (tests). */
    public static final ProducerMetrics NONE = new ProducerMetrics(MetricsRegistry.off(), "none");

    private final MetricsRegistry registry;
    private final String clientId;
    /** False for {@link #NONE}: events return before looking up a node or topic. */
    private final boolean enabled;

    private volatile int inFlightRequests;
    private volatile int connectionCount;
    private volatile long metadataUpdatedMs = -1;
    private final MetricGroup producer;
    private final Map<Integer, NodeMetrics> nodes = new ConcurrentHashMap<>();
    private final Map<String, TopicMetrics> topics = new ConcurrentHashMap<>();

    private final Sensor recordsSent;
    private final Sensor recordErrors;
    private final Sensor recordRetries;
    private final Sensor recordSize;
    private final Sensor recordsPerRequest;
    private final Sensor batchSize;
    private final Sensor compressionRate;
    private final Sensor queueTime;
    private final Sensor requestLatency;
    private final Sensor throttleTime;
    private final Sensor batchSplits;
    private final Sensor requestsSent;
    private final Sensor responsesReceived;
    private final Sensor connectionsCreated;
    private final Sensor connectionsClosed;
    private final Sensor bufferWaitNs;
    private final Sensor bufferExhausted;
    private final Sensor flushTimeNs;
    private final Sensor metadataWaitNs;
    private final Sensor selects;
    private final Sensor ioWaitNs;
    private final Sensor ioTimeNs;
    private final Sensor networkIo;
    private final Sensor authentications;
    private final Sensor failedAuthentications;
    private final Sensor reauthentications;
    private final Sensor failedReauthentications;
    private final Sensor reauthenticationLatency;
    private final Sensor[] transactionCallNs = new Sensor[TransactionCall.values().length];
    private final StageLatencies stages;

    /** Creates the producer-level metrics of {@code clientId} in {@code registry}. */
    public ProducerMetrics(MetricsRegistry registry, String clientId) {
        this.registry = registry;
        this.clientId = clientId;
        this.enabled = registry.recording();
        this.producer = new MetricGroup(registry, PRODUCER_GROUP, Map.of("client-id", clientId));
        RecordingLevel info = RecordingLevel.INFO;
        this.recordsSent = registry.sensor(info);
        this.recordErrors = registry.sensor(info);
        this.recordRetries = registry.sensor(info);
        this.recordSize = registry.sensor(info);
        this.recordsPerRequest = registry.sensor(info);
        this.batchSize = registry.sensor(info);
        this.compressionRate = registry.sensor(info);
        this.queueTime = registry.sensor(info);
        this.requestLatency = registry.sensor(info);
        this.throttleTime = registry.sensor(info);
        this.batchSplits = registry.sensor(info);
        this.requestsSent = registry.sensor(info);
        this.responsesReceived = registry.sensor(info);
        this.connectionsCreated = registry.sensor(info);
        this.connectionsClosed = registry.sensor(info);
        this.bufferWaitNs = registry.sensor(info);
        this.bufferExhausted = registry.sensor(info);
        this.flushTimeNs = registry.sensor(info);
        this.metadataWaitNs = registry.sensor(info);
        this.selects = registry.sensor(info);
        this.ioWaitNs = registry.sensor(info);
        this.ioTimeNs = registry.sensor(info);
        this.networkIo = registry.sensor(info);
        this.authentications = registry.sensor(info);
        this.failedAuthentications = registry.sensor(info);
        this.reauthentications = registry.sensor(info);
        this.failedReauthentications = registry.sensor(info);
        this.reauthenticationLatency = registry.sensor(info);
        for (TransactionCall call : TransactionCall.values()) {
            transactionCallNs[call.ordinal()] = registry.sensor(info);
        }
        defineRecordMetrics();
        defineRequestMetrics();
        defineConnectionMetrics();
        defineBufferMetrics();
        defineAuthenticationMetrics();
        defineTransactionMetrics();
        defineStateGauges();
        this.stages = new StageLatencies(registry, clientId);
    }

    /** Per-stage latencies of records: where their time went between {@code send()} and their callback. */
    public StageLatencies stages() {
        return stages;
    }

    /**
     * The public calls of a transactional producer whose blocking time is summed in {@code txn-<name>-time-ns-total},
     * as kafka-clients sums it: measured around the call, recorded when it returns normally.
     */
    public enum TransactionCall {
        INIT("init", "initTransactions"),
        BEGIN("begin", "beginTransaction"),
        SEND_OFFSETS("send-offsets", "sendOffsetsToTransaction"),
        COMMIT("commit", "commitTransaction"),
        ABORT("abort", "abortTransaction");

        private final String metric;
        private final String method;

        TransactionCall(String name, String method) {
            this.metric = "txn-" + name + "-time-ns-total";
            this.method = method;
        }
    }

    private void defineStateGauges() {
        producer.add(
                "requests-in-flight",
                "The current number of in-flight requests awaiting a response",
                now -> inFlightRequests);
        producer.add("connection-count", "The current number of active connections", now -> connectionCount);
        producer.add(
                "metadata-age",
                "The age in seconds of the current producer metadata being used",
                now -> metadataUpdatedMs < 0 ? 0 : (now - metadataUpdatedMs) / 1000.0);
    }

    /**
     * The network's state after an I/O step, published for readers on other threads (the I/O thread's own
     * structures are not safe to read from them).
     */
    public void networkState(int inFlight, int connections, long metadataUpdatedMs) {
        this.inFlightRequests = inFlight;
        this.connectionCount = connections;
        this.metadataUpdatedMs = metadataUpdatedMs;
    }

    /** Metrics of a producer built without a registry of its own (parts tested alone). */
    public static ProducerMetrics detached() {
        return new ProducerMetrics(MetricsRegistry.detached(), "detached");
    }

    private void defineRecordMetrics() {
        producer.valueMeter("record-send", recordsSent, "records sent");
        producer.valueMeter("record-error", recordErrors, "record sends that resulted in errors");
        producer.valueMeter("record-retry", recordRetries, "retried record sends");
        producer.avgMax("record-size", recordSize, "record size (the largest of each batch), in bytes");
        producer.add("records-per-request-avg", "The average number of records per request", recordsPerRequest::avg);
        producer.avgMax("batch-size", batchSize, "number of bytes sent per partition per request");
        producer.add(
                "compression-rate-avg",
                "The average compression rate of record batches (compressed over uncompressed size)",
                compressionRate::avg);
        producer.avgMax("record-queue-time", queueTime, "time in ms record batches spent in the send buffer");
        producer.eventMeter("batch-split", batchSplits, "batch splits");
    }

    private void defineRequestMetrics() {
        producer.eventMeter("request", requestsSent, "requests sent");
        producer.avgMax("request-size", requestsSent, "size of requests sent, in bytes");
        producer.valueMeter("outgoing-byte", requestsSent, "outgoing bytes sent to all servers");
        producer.eventMeter("response", responsesReceived, "responses received");
        producer.valueMeter("incoming-byte", responsesReceived, "bytes read off all sockets");
        producer.avgMax("request-latency", requestLatency, "produce request latency in ms");
        producer.avgMax("produce-throttle-time", throttleTime, "time in ms a request was throttled by a broker");
    }

    private void defineConnectionMetrics() {
        producer.eventMeter("connection-creation", connectionsCreated, "new connections established");
        producer.eventMeter("connection-close", connectionsClosed, "connections closed");
        producer.eventMeter("select", selects, "times the I/O layer checked for new I/O to perform");
        producer.add(
                "io-wait-time-ns-avg",
                "The average time in ns the I/O thread spent waiting for a socket ready",
                ioWaitNs::avg);
        producer.add(
                "io-wait-time-ns-total",
                "The total time in ns the I/O thread spent waiting",
                now -> ioWaitNs.valueTotal());
        producer.add(
                "io-wait-ratio",
                "The fraction of time the I/O thread spent waiting",
                now -> ioWaitNs.valueRate(now) / 1e9);
        producer.add("io-time-ns-avg", "The average time in ns the I/O thread spent on I/O per select", ioTimeNs::avg);
        producer.add(
                "io-time-ns-total", "The total time in ns the I/O thread spent on I/O", now -> ioTimeNs.valueTotal());
        producer.add(
                "io-ratio",
                "The fraction of time the I/O thread spent doing I/O",
                now -> ioTimeNs.valueRate(now) / 1e9);
    }

    private void defineBufferMetrics() {
        producer.add(
                "bufferpool-wait-time-ns-total",
                "The total time in ns an appender waited for space allocation",
                now -> bufferWaitNs.valueTotal());
        producer.add(
                "bufferpool-wait-ratio",
                "The fraction of time an appender waits for space allocation",
                now -> bufferWaitNs.valueRate(now) / 1e9);
        producer.eventMeter(
                "buffer-exhausted", bufferExhausted, "record sends dropped because the buffer was exhausted");
        producer.add(
                "flush-time-ns-total",
                "The total time in ns the producer spent in flush",
                now -> flushTimeNs.valueTotal());
        producer.add(
                "metadata-wait-time-ns-total",
                "The total time in ns the producer spent waiting on metadata",
                now -> metadataWaitNs.valueTotal());
    }

    private void defineAuthenticationMetrics() {
        // kafka-clients counts every connection that becomes ready, PLAINTEXT and SSL too, as authenticated.
        producer.eventMeter(
                "successful-authentication",
                authentications,
                "connections that completed their handshake (TLS, SASL; a plaintext one at connect)");
        // On a client, kafka-clients' channel never learns that the connected peer supports re-authentication
        // (that is a broker-side notion), so every successful first authentication counts here too.
        producer.add(
                "successful-authentication-no-reauth-total",
                "The total number of connections with successful authentication where the client does not support"
                        + " re-authentication (on a producer, as with kafka-clients: every successful authentication)",
                now -> authentications.eventTotal());
        producer.eventMeter("failed-authentication", failedAuthentications, "connections with failed authentication");
        producer.eventMeter(
                "successful-reauthentication", reauthentications, "successful SASL re-authentications (KIP-368)");
        producer.eventMeter(
                "failed-reauthentication", failedReauthentications, "failed SASL re-authentications (KIP-368)");
        producer.avgMax(
                "reauthentication-latency",
                reauthenticationLatency,
                "time in ms a SASL re-authentication took, from its first request to the broker's acceptance");
        producer.valueMeter("network-io", networkIo, "reads and writes of application bytes on all connections");
    }

    private void defineTransactionMetrics() {
        for (TransactionCall call : TransactionCall.values()) {
            Sensor sensor = transactionCallNs[call.ordinal()];
            producer.add(
                    call.metric,
                    "The total time in ns the producer spent in " + call.method,
                    now -> sensor.valueTotal());
        }
        // KIP-939's prepareTransaction: Sluice refuses transaction.two.phase.commit.enable, so there is no such
        // call to time; the metric is there, at 0, so dashboards built on kafka-clients' list find every name.
        producer.add(
                "txn-prepare-time-ns-total",
                "The total time in ns the producer spent in prepareTransaction (always 0: Sluice has no two-phase"
                        + " commit)",
                now -> 0.0);
    }

    /** Adds a gauge to {@code producer-metrics}. */
    public void gauge(String name, String description, Measurable measurable) {
        producer.add(name, description, measurable);
    }

    // ---- events; called where they happen ----

    /**
     * A batch went into a Produce request.
     *
     * @param uncompressedBytes the batch's size before compression (its size when not compressed)
     * @param maxRecordBytes the largest record of the batch
     * @param queueTimeMs how long the batch waited in the accumulator before this send
     */
    public void batchSent(
            String topic,
            int records,
            int bytes,
            int uncompressedBytes,
            int maxRecordBytes,
            long queueTimeMs,
            long nowMs) {
        double ratio = uncompressedBytes <= 0 ? 1.0 : (double) bytes / uncompressedBytes;
        recordsSent.record(records, nowMs);
        recordSize.record(maxRecordBytes, nowMs);
        batchSize.record(bytes, nowMs);
        compressionRate.record(ratio, nowMs);
        queueTime.record(queueTimeMs, nowMs);
        if (!enabled) {
            return;
        }
        TopicMetrics t = topic(topic);
        t.recordsSent.record(records, nowMs);
        t.bytes.record(bytes, nowMs);
        t.compression.record(ratio, nowMs);
    }

    /** A Produce request of {@code records} records was sent. */
    public void produceRequestSent(int records, long nowMs) {
        recordsPerRequest.record(records, nowMs);
    }

    /** A Produce response came back from {@code nodeId}. */
    public void produceResponse(int nodeId, long latencyMs, int throttleMs, long nowMs) {
        requestLatency.record(latencyMs, nowMs);
        throttleTime.record(throttleMs, nowMs);
        if (enabled) {
            node(nodeId).latency.record(latencyMs, nowMs);
        }
    }

    /** Records of a batch will be sent again. */
    public void retried(String topic, int records, long nowMs) {
        recordRetries.record(records, nowMs);
        if (enabled) {
            topic(topic).retries.record(records, nowMs);
        }
    }

    /** Records of a batch failed for good. */
    public void failed(String topic, int records, long nowMs) {
        recordErrors.record(records, nowMs);
        if (enabled) {
            topic(topic).errors.record(records, nowMs);
        }
    }

    /** A batch was split because the broker found it too large. */
    public void batchSplit(long nowMs) {
        batchSplits.record(1, nowMs);
    }

    /** A request of {@code bytes} bytes (framing included) was queued for {@code nodeId}. */
    public void requestSent(int nodeId, int bytes, long nowMs) {
        requestsSent.record(bytes, nowMs);
        if (enabled) {
            node(nodeId).requests.record(bytes, nowMs);
        }
    }

    /** A response of {@code bytes} bytes (framing included) was read from {@code nodeId}. */
    public void responseReceived(int nodeId, int bytes, long nowMs) {
        responsesReceived.record(bytes, nowMs);
        if (enabled) {
            node(nodeId).responses.record(bytes, nowMs);
        }
    }

    /** A connection was opened. */
    public void connectionCreated(long nowMs) {
        connectionsCreated.record(1, nowMs);
    }

    /** A connection was closed. */
    public void connectionClosed(long nowMs) {
        connectionsClosed.record(1, nowMs);
    }

    /** One turn of the I/O loop: {@code waitNs} waiting in select, then {@code ioNs} handling what was ready. */
    public void selected(long waitNs, long ioNs, long nowMs) {
        selects.record(1, nowMs);
        ioWaitNs.record(waitNs, nowMs);
        ioTimeNs.record(ioNs, nowMs);
    }

    /** Whether {@link #selected} records anything, so the I/O loop reads the nano clock only when it does. */
    public boolean recordsSelects() {
        return selects.recording();
    }

    /**
     * The I/O thread made {@code calls} reads and writes that moved bytes, over all connections since it last
     * said (summed, so one poll records once), as kafka-clients counts every read and write of a channel.
     */
    public void networkIo(int calls, long nowMs) {
        networkIo.record(calls, nowMs);
    }

    /** A connection finished its handshake (TLS and SASL where configured) and may carry requests. */
    public void authenticated(long nowMs) {
        authentications.record(1, nowMs);
    }

    /** A connection's first authentication (TLS or SASL) was refused. */
    public void authenticationFailed(long nowMs) {
        failedAuthentications.record(1, nowMs);
    }

    /** A connection re-authenticated (KIP-368); the exchange took {@code latencyMs}. */
    public void reauthenticated(double latencyMs, long nowMs) {
        reauthentications.record(1, nowMs);
        reauthenticationLatency.record(latencyMs, nowMs);
    }

    /** A connection's re-authentication was refused. */
    public void reauthenticationFailed(long nowMs) {
        failedReauthentications.record(1, nowMs);
    }

    /** The application's {@code call} returned normally after blocking {@code nanos}. */
    public void transactionCall(TransactionCall call, long nanos, long nowMs) {
        transactionCallNs[call.ordinal()].record(nanos, nowMs);
    }

    /** An appender waited {@code nanos} for buffer memory. */
    public void bufferWaited(long nanos, long nowMs) {
        bufferWaitNs.record(nanos, nowMs);
    }

    /** An appender gave up waiting for buffer memory. */
    public void bufferExhausted(long nowMs) {
        bufferExhausted.record(1, nowMs);
    }

    /** A flush took {@code nanos}. */
    public void flushed(long nanos, long nowMs) {
        flushTimeNs.record(nanos, nowMs);
    }

    /** A send waited {@code nanos} for a topic's metadata. */
    public void metadataWaited(long nanos, long nowMs) {
        metadataWaitNs.record(nanos, nowMs);
    }

    // ---- reading ----

    /** Returns the registry. */
    public MetricsRegistry registry() {
        return registry;
    }

    /**
     * The value of every {@code producer-metrics} metric of this client, by name; a whole number as a {@code Long}
     * (counts and byte sizes read as they did before the registry), anything else as a {@code Double}.
     */
    public Map<String, Number> producerValues() {
        Map<String, Number> values = new LinkedHashMap<>();
        for (Map.Entry<MetricName, Metric> e : registry.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.group().equals(PRODUCER_GROUP)
                    && clientId.equals(name.tags().get("client-id"))) {
                double v = e.getValue().value();
                values.put(name.name(), v == Math.rint(v) && Math.abs(v) < 0x1p53 ? (Number) (long) v : (Number) v);
            }
        }
        return values;
    }

    private NodeMetrics node(int nodeId) {
        NodeMetrics n = nodes.get(nodeId);
        return n != null ? n : nodes.computeIfAbsent(nodeId, id -> new NodeMetrics(registry, clientId, id));
    }

    private TopicMetrics topic(String topic) {
        TopicMetrics t = topics.get(topic);
        return t != null ? t : topics.computeIfAbsent(topic, name -> new TopicMetrics(registry, clientId, name));
    }

    /** The metrics of one broker connection. */
    private static final class NodeMetrics {
        final Sensor requests;
        final Sensor responses;
        final Sensor latency;

        NodeMetrics(MetricsRegistry registry, String clientId, int nodeId) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("client-id", clientId);
            tags.put("node-id", "node-" + nodeId);
            MetricGroup group = new MetricGroup(registry, NODE_GROUP, tags);
            this.requests = registry.sensor(RecordingLevel.INFO);
            this.responses = registry.sensor(RecordingLevel.INFO);
            this.latency = registry.sensor(RecordingLevel.INFO);
            group.eventMeter("request", requests, "requests sent");
            group.avgMax("request-size", requests, "size of requests sent, in bytes");
            group.valueMeter("outgoing-byte", requests, "outgoing bytes");
            group.eventMeter("response", responses, "responses received");
            group.valueMeter("incoming-byte", responses, "incoming bytes");
            group.avgMax("request-latency", latency, "request latency in ms");
        }
    }

    /** The metrics of one topic. */
    private static final class TopicMetrics {
        final Sensor recordsSent;
        final Sensor bytes;
        final Sensor compression;
        final Sensor retries;
        final Sensor errors;

        TopicMetrics(MetricsRegistry registry, String clientId, String topic) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("client-id", clientId);
            tags.put("topic", topic);
            MetricGroup group = new MetricGroup(registry, TOPIC_GROUP, tags);
            this.recordsSent = registry.sensor(RecordingLevel.INFO);
            this.bytes = registry.sensor(RecordingLevel.INFO);
            this.compression = registry.sensor(RecordingLevel.INFO);
            this.retries = registry.sensor(RecordingLevel.INFO);
            this.errors = registry.sensor(RecordingLevel.INFO);
            group.valueMeter("record-send", recordsSent, "records sent for the topic");
            group.valueMeter("byte", bytes, "bytes sent for the topic");
            group.add("compression-rate", "The average compression rate of the topic's batches", compression::avg);
            group.valueMeter("record-retry", retries, "retried record sends for the topic");
            group.valueMeter("record-error", errors, "record sends for the topic that resulted in errors");
        }
    }
}
