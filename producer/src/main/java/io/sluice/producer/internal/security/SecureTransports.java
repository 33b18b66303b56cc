package io.sluice.producer.internal.security;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.errors.AuthenticationException;
import io.sluice.producer.internal.net.ListenerMismatchWatch;
import io.sluice.producer.internal.net.Secrets;
import io.sluice.producer.internal.net.Transport;
import io.sluice.producer.internal.net.sasl.SaslCredentials;
import io.sluice.producer.internal.net.sasl.SaslTransport;
import io.sluice.producer.internal.net.tls.TlsSettings;
import io.sluice.producer.internal.net.tls.TlsTransport;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Picks the transport of every broker connection from {@code security.protocol}:
 *
 * <pre>
 *   PLAINTEXT       the socket
 *   SSL             TLS over the socket
 *   SASL_PLAINTEXT  SASL over the socket
 *   SASL_SSL        SASL over TLS over the socket
 * </pre>
 *
 * The socket's transport watches for a broker that closes before answering, and TLS for one that closes during
 * the handshake: a few of those in a row mean {@code security.protocol} does not match the listener, which is
 * reported like an authentication failure ({@link ListenerMismatchWatch}).
 *
 * <p>TLS stores and SASL credentials are read once, here, so a bad setting fails producer creation. Every
 * authentication failure is logged once, at WARNING, with the broker and the reason (never a secret), then
 * handed to the failure sink so records waiting for a connection fail instead of waiting out their timeouts.
 */
public final class SecureTransports {
    private static final System.Logger LOG = System.getLogger(SecureTransports.class.getName());

    private SecureTransports() {}

    /**
     * The transport factory for the producer's settings.
     *
     * @param secrets the clear text of the password settings (keys, passwords, JAAS)
     * @param clientId sent in the headers of the SASL requests
     * @param clockMs the producer's clock
     * @param onFailure told, on the I/O thread, of each connection that failed to authenticate
     * @throws io.sluice.producer.errors.ConfigException when a TLS store or the SASL settings are unusable
     */
    public static Transport.Factory forConfig(
            ProducerConfig config,
            Secrets secrets,
            String clientId,
            LongSupplier clockMs,
            Consumer<AuthenticationException> onFailure) {
        String protocol = config.getString(ProducerConfig.SECURITY_PROTOCOL_CONFIG);
        Consumer<AuthenticationException> failures = failure -> {
            LOG.log(Level.WARNING, failure.getMessage());
            onFailure.accept(failure);
        };
        boolean tls = protocol.equals("SSL") || protocol.equals("SASL_SSL");
        boolean sasl = protocol.startsWith("SASL_");
        TlsSettings tlsSettings = tls ? TlsSettings.from(config, secrets) : null;
        SaslCredentials credentials = sasl ? SaslCredentials.from(config, secrets, clockMs) : null;
        ListenerMismatchWatch watch = new ListenerMismatchWatch(failures);
        return new Transport.Factory() {
            @Override
            public Transport create(SocketChannel channel, String host) throws IOException {
                int port = port(channel);
                String broker = host + ":" + port;
                Transport transport = tls
                        ? new TlsTransport(channel, tlsSettings.newEngine(host, port), broker, failures, watch)
                        : new WatchedPlaintextTransport(channel, broker, watch);
                return sasl
                        ? new SaslTransport(transport, credentials, broker, clientId, failures, clockMs)
                        : transport;
            }

            @Override
            public void close() {
                if (credentials != null) {
                    credentials.close();
                }
            }
        };
    }

    private static int port(SocketChannel channel) throws IOException {
        SocketAddress remote = channel.getRemoteAddress();
        return remote instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }
}
