package io.sluice.bench.compare;

import io.sluice.producer.Callback;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.RecordMetadata;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.serde.ByteArraySerializer;
import java.time.Duration;
import java.util.Map;

/** Sluice's producer, driven exactly as {@link KafkaClientsClient} drives kafka-clients. */
final class SluiceClient implements BenchClient {
    private final SluiceProducer<byte[], byte[]> producer;
    private final ProducerRecord<byte[], byte[]>[] records;
    private final LatencyStats stats;

    @SuppressWarnings({"unchecked", "rawtypes"})
    SluiceClient(Map<String, Object> settings, String topic, byte[][] keys, byte[] value, LatencyStats stats) {
        this.producer = new SluiceProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
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
        producer.metrics().forEach((name, value) -> {
            if (EXPLAINING.contains(name)) {
                m.put(name, value);
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
