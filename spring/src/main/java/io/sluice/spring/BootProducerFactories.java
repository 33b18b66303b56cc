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
 * security protocol; an SSL bundle is refused), then {@code transaction-id-prefix}, then every
 * {@code DefaultKafkaProducerFactoryCustomizer} in order. Only the factory class differs.
 */
final class BootProducerFactories {
    private BootProducerFactories() {}

    /**
     * @param properties what {@code KafkaProperties.buildProducerProperties()} returned
     * @param bootstrapServers the producer's bootstrap servers from the connection details
     * @param securityProtocol the producer's security protocol from the connection details, or null
     * @param sslBundle the producer's SSL bundle from the connection details, or null; refused, see below
     * @param transactionIdPrefix {@code spring.kafka.producer.transaction-id-prefix}, or null
     * @param customizers applies one customizer to the factory, for each customizer in order
     * @throws IllegalStateException if there is an SSL bundle, which Sluice could not use
     */
    static SluiceProducerFactory<Object, Object> create(
            Map<String, Object> properties,
            List<String> bootstrapServers,
            String securityProtocol,
            SslBundle sslBundle,
            String transactionIdPrefix,
            Stream<? extends Customizer> customizers) {
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (securityProtocol != null && !securityProtocol.isEmpty()) {
            properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        }
        if (sslBundle != null) {
            // Boot hands a bundle to the client through ssl.engine.factory.class, which Sluice does not call: without
            // this refusal the bundle's trust and key material would be silently left out of the TLS handshake.
            throw new IllegalStateException("Sluice cannot use the Spring Boot SSL bundle of the Kafka producer ("
                    + "spring.kafka.ssl.bundle or a service connection's bundle): it does not support "
                    + SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG + ". Configure TLS with the spring.kafka.ssl.* store "
                    + "properties instead, or set " + SluiceKafkaAutoConfiguration.ENABLED_PROPERTY
                    + "=false to produce with Kafka's own producer.");
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
