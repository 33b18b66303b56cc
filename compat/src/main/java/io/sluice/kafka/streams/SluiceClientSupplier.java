package io.sluice.kafka.streams;

import io.sluice.kafka.SluiceKafkaProducer;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

/**
 * Kafka Streams clients with Sluice as the producer: pass it to {@code new KafkaStreams(topology, props, new
 * SluiceClientSupplier())}. Every producer Streams creates (one per stream thread, transactional under
 * {@code exactly_once_v2}) is a {@link SluiceKafkaProducer}; the admin client and the consumers are the ones Kafka
 * Streams would create itself.
 */
public class SluiceClientSupplier implements KafkaClientSupplier {
    private final KafkaClientSupplier kafka = new DefaultKafkaClientSupplier();

    /** Creates the supplier. */
    public SluiceClientSupplier() {}

    /** Returns Kafka Streams' own admin client. */
    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return kafka.getAdmin(config);
    }

    /** Returns a Sluice producer with the settings Kafka Streams chose (byte arrays in, byte arrays out). */
    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new SluiceKafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Returns Kafka Streams' own main consumer. */
    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return kafka.getConsumer(config);
    }

    /** Returns Kafka Streams' own restore consumer. */
    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return kafka.getRestoreConsumer(config);
    }

    /** Returns Kafka Streams' own global-table consumer. */
    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return kafka.getGlobalConsumer(config);
    }
}
