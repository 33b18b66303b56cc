/**
 * TLS for broker connections: {@link io.sluice.producer.internal.net.tls.TlsSettings} reads Kafka's {@code ssl.*}
 * settings once into an {@code SSLContext} (JKS, PKCS12 or PEM stores; mutual TLS; host name checks on by default),
 * and {@link io.sluice.producer.internal.net.tls.TlsTransport} runs the JDK's {@code SSLEngine} over the
 * non-blocking socket as a {@link io.sluice.producer.internal.net.Transport}.
 */
package io.sluice.producer.internal.net.tls;
