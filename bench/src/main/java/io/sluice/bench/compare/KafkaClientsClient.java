package io.sluice.bench.compare;

import io.sluice.kafka.SluiceKafkaProducer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A producer behind kafka-clients' {@link Producer} interface: Apache's own {@code KafkaProducer}, the reference the
 * comparison measures against, or Sluice through its kafka-clients adapter ({@code sluice-kafka}).
 */
final class KafkaClientsClient implements BenchClient {
    private final Producer<byte[], byte[]> producer;
    private final ProducerRecord<byte[], byte[]>[] records;
    private final LatencyStats stats;

    KafkaClientsClient(Map<String, Object> settings, String topic, byte[][] keys, byte[] value, LatencyStats stats) {
        this(
                new KafkaProducer<>(new HashMap<>(settings), new ByteArraySerializer(), new ByteArraySerializer()),
                topic,
                keys,
                value,
                stats);
    }

    /** Sluice through {@link SluiceKafkaProducer}, driven exactly as kafka-clients' producer is. */
    static KafkaClientsClient sluiceKafka(
            Map<String, Object> settings, String topic, byte[][] keys, byte[] value, LatencyStats stats) {
        return new KafkaClientsClient(
                new SluiceKafkaProducer<>(
                        new HashMap<>(settings), new ByteArraySerializer(), new ByteArraySerializer()),
                topic,
                keys,
                value,
                stats);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private KafkaClientsClient(
            Producer<byte[], byte[]> producer, String topic, byte[][] keys, byte[] value, LatencyStats stats) {
        this.producer = producer;
        this.stats = stats;
        int distinct = Math.max(1, keys.length);
        this.records = new ProducerRecord[distinct];
        for (int i = 0; i < distinct; i++) {
            records[i] = new ProducerRecord<>(topic, keys.length == 0 ? null : keys[i], value);
        }
    }

    @Override
    public void send(long index, long sendNanos) {
        producer.send(records[(int) (index % records.length)], new Timed(stats, sendNanos));
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    @Override
    public Map<String, Object> explainingMetrics() {
        Map<String, Object> m = new java.util.TreeMap<>();
        producer.metrics().forEach((name, metric) -> {
            if (name.group().equals("producer-metrics") && EXPLAINING.contains(name.name())) {
                m.put(name.name(), metric.metricValue());
            }
        });
        return m;
    }

    /** The per-record callback: a sent-at time and the shared stats, nothing else. */
    private static final class Timed implements Callback {
        private final LatencyStats stats;
        private final long sendNanos;

        Timed(LatencyStats stats, long sendNanos) {
            this.stats = stats;
            this.sendNanos = sendNanos;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            stats.complete(sendNanos, exception);
        }
    }
}
