/**
 * Security glue: {@link io.sluice.producer.internal.security.SecureTransports} picks each connection's transport
 * from {@code security.protocol} and routes authentication failures to the producer;
 * {@link io.sluice.producer.internal.net.sasl.JaasConfig} parses Kafka's {@code sasl.jaas.config} without ever
 * echoing it; {@link io.sluice.producer.internal.net.ListenerMismatchWatch} recognises a
 * {@code security.protocol} that does not match the listener.
 */
package io.sluice.producer.internal.security;
