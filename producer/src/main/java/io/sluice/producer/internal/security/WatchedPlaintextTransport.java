package io.sluice.producer.internal.security;

import io.sluice.producer.internal.net.ListenerMismatchWatch;
import io.sluice.producer.internal.net.PlaintextTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The plaintext transport, watching the broker's first answer: a TLS record is what a TLS listener sends a
 * plaintext client (an alert), and no Kafka answer starts that way. After the first bytes arrive it only passes
 * calls through. A close before any answer is not counted here: on plaintext clusters that is usually a broker
 * shutting down, and must not fail records.
 */
final class WatchedPlaintextTransport extends PlaintextTransport {
    private final String broker;
    private final ListenerMismatchWatch watch;
    private boolean answered;

    WatchedPlaintextTransport(SocketChannel channel, String broker, ListenerMismatchWatch watch) {
        super(channel);
        this.broker = broker;
        this.watch = watch;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = super.read(dst);
        if (!answered) {
            if (n > 0) {
                answered = true;
                checkNotTls(dst.get(dst.position() - n), n > 1 ? dst.get(dst.position() - n + 1) : 3);
                watch.answered();
            }
        }
        return n;
    }

    /**
     * A TLS record starts with its content type (21 alert, 22 handshake) and major version 3; read as a Kafka frame
     * size that is over 350 MB, so no broker answer starts that way. A TLS listener sends an alert when it cannot
     * make sense of a plaintext request.
     */
    private void checkNotTls(byte first, int second) {
        if ((first == 21 || first == 22) && second == 3) {
            watch.mismatch(
                    "broker " + broker + " answered with a TLS record",
                    "the listener speaks TLS: set security.protocol to SSL or SASL_SSL");
        }
    }
}
