package io.sluice.spring;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Builds the producer factory the way Spring Boot builds its own (Boot 3.5 and 4.0 do the same steps, with their own
 * types): Boot's {@code spring.kafka.producer.*} properties, then the producer's connection details (bootstrap servers,
 * security protocol, SSL bundle), then {@code transaction-id-prefix}, then every
 * {@code DefaultKafkaProducerFactoryCustomizer} in order. Only the factory class differs.
 */
final class BootProducerFactories {
    private BootProducerFactories() {}

    /**
     * @param properties what {@code KafkaProperties.buildProducerProperties()} returned
     * @param bootstrapServers the producer's bootstrap servers from the connection details
     * @param securityProtocol the producer's security protocol from the connection details, or null
     * @param sslBundle the producer's SSL bundle from the connection details, or null
     * @param sslEngineFactory the Boot version's {@code SslBundleSslEngineFactory}, which reads that bundle
     * @param transactionIdPrefix {@code spring.kafka.producer.transaction-id-prefix}, or null
     * @param customizers applies one customizer to the factory, for each customizer in order
     */
    static SluiceProducerFactory<Object, Object> create(
            Map<String, Object> properties,
            List<String> bootstrapServers,
            String securityProtocol,
            SslBundle sslBundle,
            Class<?> sslEngineFactory,
            String transactionIdPrefix,
            Stream<? extends Customizer> customizers) {
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (securityProtocol != null && !securityProtocol.isEmpty()) {
            properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        }
        if (sslBundle != null) {
            properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, sslEngineFactory);
            properties.put(SslBundle.class.getName(), sslBundle);
        }
        SluiceProducerFactory<Object, Object> factory = new SluiceProducerFactory<>(properties);
        if (transactionIdPrefix != null) {
            factory.setTransactionIdPrefix(transactionIdPrefix);
        }
        customizers.forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    /** One of Boot's {@code DefaultKafkaProducerFactoryCustomizer}s, whichever Boot version declares it. */
    @FunctionalInterface
    interface Customizer {
        void customize(DefaultKafkaProducerFactory<?, ?> factory);
    }
}
