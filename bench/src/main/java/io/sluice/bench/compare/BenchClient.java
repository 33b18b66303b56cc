package io.sluice.bench.compare;

import java.util.Map;

/**
 * One producer under test, reduced to what the comparison drives: send a pre-built record with a callback that
 * records its latency, flush, close. Implementations build their records before the measured phase so the loop
 * allocates nothing of its own except the one callback object per record, the same for both clients.
 */
interface BenchClient extends AutoCloseable {
    /** Sends record number {@code index} (its key is {@code keys[index % keys.length]} when keyed). */
    void send(long index, long sendNanos);

    /** Blocks until every record sent so far is acknowledged or failed. */
    void flush();

    @Override
    void close();

    /** A few of the client's own metrics that explain its throughput, by Kafka's names. */
    Map<String, Object> explainingMetrics();

    /** The metrics {@link #explainingMetrics()} reports, where the client has them. */
    java.util.List<String> EXPLAINING = java.util.List.of(
            "request-rate",
            "request-latency-avg",
            "records-per-request-avg",
            "batch-size-avg",
            "record-queue-time-avg",
            "outgoing-byte-rate");

    /**
     * Creates the client named {@code name} producing to {@code topic}: "kafka", "sluice" (also as "baseline",
     * which differs only in the producer jar on its JVM's classpath), or "sluice-kafka" (Sluice through the
     * kafka-clients adapter, driven as "kafka" is).
     */
    static BenchClient create(
            String name, Map<String, Object> settings, String topic, byte[][] keys, byte[] value, LatencyStats stats) {
        return switch (name) {
            case "kafka" -> new KafkaClientsClient(settings, topic, keys, value, stats);
            case "sluice", "baseline" -> new SluiceClient(settings, topic, keys, value, stats);
            case "sluice-kafka" -> KafkaClientsClient.sluiceKafka(settings, topic, keys, value, stats);
            default ->
                throw new IllegalArgumentException("unknown client " + name + "; use kafka, sluice or sluice-kafka");
        };
    }
}
