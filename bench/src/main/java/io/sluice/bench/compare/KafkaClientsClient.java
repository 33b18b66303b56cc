package io.sluice.bench.compare;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Apache kafka-clients producer, the reference the comparison measures against. */
final class KafkaClientsClient implements BenchClient {
    private final KafkaProducer<byte[], byte[]> producer;
    private final ProducerRecord<byte[], byte[]>[] records;
    private final LatencyStats stats;

    @SuppressWarnings({"unchecked", "rawtypes"})
    KafkaClientsClient(Map<String, Object> settings, String topic, byte[][] keys, byte[] value, LatencyStats stats) {
        this.producer =
                new KafkaProducer<>(new HashMap<>(settings), new ByteArraySerializer(), new ByteArraySerializer());
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
