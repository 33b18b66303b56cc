package io.sluice.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Spring Boot 4.0: defines the application's {@link ProducerFactory} as a {@link SluiceProducerFactory}, built from
 * the same {@code spring.kafka.*} properties, connection details, transaction id prefix and
 * {@link DefaultKafkaProducerFactoryCustomizer}s as Boot's own. It runs before Boot's {@code KafkaAutoConfiguration},
 * whose producer factory then backs off, while its {@code KafkaTemplate}, {@code KafkaTransactionManager},
 * observation and metrics stay Boot's, built on this factory.
 *
 * <p>Off with {@code sluice.enabled=false}, and when the application defines its own {@link ProducerFactory}.
 */
@AutoConfiguration(beforeName = SluiceKafkaAutoConfiguration.BOOT_KAFKA_AUTO_CONFIGURATION)
@ConditionalOnClass(
        name = {SluiceKafkaAutoConfiguration.BOOT_KAFKA_AUTO_CONFIGURATION, SluiceKafkaAutoConfiguration.SPRING_KAFKA})
@ConditionalOnBooleanProperty(name = SluiceKafkaAutoConfiguration.ENABLED_PROPERTY, matchIfMissing = true)
@EnableConfigurationProperties(KafkaProperties.class)
public final class SluiceKafkaAutoConfiguration {
    /** The property that turns Sluice off for Boot's auto-configured producer factory when {@code false}. */
    public static final String ENABLED_PROPERTY = "sluice.enabled";

    /** Boot 3.5 has its Kafka auto-configuration class even without Spring Kafka, so both are asked for. */
    static final String SPRING_KAFKA = "org.springframework.kafka.core.KafkaTemplate";

    static final String BOOT_KAFKA_AUTO_CONFIGURATION =
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";

    /** Created by Spring Boot from {@code AutoConfiguration.imports}. */
    public SluiceKafkaAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean(ProducerFactory.class)
    SluiceProducerFactory<?, ?> kafkaProducerFactory(
            KafkaProperties properties,
            KafkaConnectionDetails connectionDetails,
            ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
        KafkaConnectionDetails.Configuration producer = connectionDetails.getProducer();
        return BootProducerFactories.create(
                properties.buildProducerProperties(),
                producer.getBootstrapServers(),
                producer.getSecurityProtocol(),
                producer.getSslBundle(),
                properties.getProducer().getTransactionIdPrefix(),
                customizers.orderedStream().map(customizer -> customizer::customize));
    }
}
