/**
 * The Spring Boot starter: with it on the classpath, Spring Boot's auto-configured {@code KafkaTemplate} (plain and
 * transactional) produces through Sluice's {@code SluiceKafkaProducer}, with Boot's {@code spring.kafka.*}
 * properties, customizers, transaction manager, observation and metrics as they are. {@code sluice.enabled=false}
 * turns it off.
 *
 * <p>{@link io.sluice.spring.SluiceProducerFactory} is the one piece an application may use directly, in place of
 * Spring Kafka's {@code DefaultKafkaProducerFactory}; the auto-configurations are found by Boot through
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
package io.sluice.spring;
