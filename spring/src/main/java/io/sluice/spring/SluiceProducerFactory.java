package io.sluice.spring;

import io.sluice.kafka.SluiceKafkaProducer;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerPostProcessor;

/**
 * Spring Kafka's {@link DefaultKafkaProducerFactory} with one difference: the raw producers it creates are
 * {@link SluiceKafkaProducer}s instead of Kafka's {@code KafkaProducer}s. Everything else is the parent's: the
 * configuration map, serializers and their suppliers, the transactional producer cache and {@code transactional.id}
 * suffixes, producer-per-thread, max age, listeners and {@link ProducerPostProcessor}s (applied to the Sluice producer,
 * in order), closing and resetting.
 *
 * <p>The starter's auto-configuration builds one in place of Spring Boot's; an application that defines its own
 * producer factory can use this class directly:
 *
 * <pre>{@code
 * @Bean
 * ProducerFactory<String, String> producerFactory() {
 *     return new SluiceProducerFactory<>(Map.of(
 *             "bootstrap.servers", "localhost:9092",
 *             "key.serializer", StringSerializer.class,
 *             "value.serializer", StringSerializer.class));
 * }
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class SluiceProducerFactory<K, V> extends DefaultKafkaProducerFactory<K, V> {

    /**
     * A factory with the given producer configuration, Kafka's setting names as keys; serializers come from
     * {@code key.serializer} and {@code value.serializer} unless set on the factory.
     *
     * @param configs the producer configuration; a {@code transactional.id} in it becomes the transaction id prefix,
     *     as with {@link DefaultKafkaProducerFactory}
     */
    public SluiceProducerFactory(Map<String, Object> configs) {
        super(configs);
    }

    /**
     * Creates a {@link SluiceKafkaProducer} with the configuration the parent computed for this producer (client id
     * and, for a transactional producer, its {@code transactional.id}) and the factory's serializers, then applies the
     * factory's post-processors in order, as the parent does for Kafka's producer.
     */
    @Override
    protected Producer<K, V> createRawProducer(Map<String, Object> rawConfigs) {
        Producer<K, V> producer = new SluiceKafkaProducer<>(rawConfigs, getKeySerializer(), getValueSerializer());
        for (ProducerPostProcessor<K, V> postProcessor : getPostProcessors()) {
            producer = postProcessor.apply(producer);
        }
        return producer;
    }
}
