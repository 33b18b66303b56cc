package io.sluice.producer.internal.net;

import io.sluice.producer.internal.metrics.ProducerMetrics;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The byte pipe under one broker connection: where TLS and SASL slot in.
 *
 * <p>A plaintext transport passes bytes straight to the socket. A TLS transport would wrap and unwrap
 * records and report {@link #handshake()} incomplete until the TLS handshake is done; SASL would run its
 * exchange in {@code handshake()} too, before the connection sends ApiVersions. The connection above never
 * touches the socket except through this interface, and only from the I/O thread.
 */
public interface Transport extends Closeable {

    /** The underlying channel, registered with the selector by the connection. */
    SocketChannel channel();

    /**
     * Advances any handshake the transport needs after the TCP connect.
     *
     * @return true once application bytes may flow
     */
    boolean handshake() throws IOException;

    /** Reads application bytes into {@code dst}; -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes application bytes from {@code src}; may write fewer than remain. */
    int write(ByteBuffer src) throws IOException;

    /**
     * Whether {@link #write(ByteBuffer[], int, int)} hands all the pieces to the socket in one call (a {@code
     * writev}). Connections send record batches from their own buffers only through such a transport; one that
     * takes the pieces one at a time (TLS seals each into a record of its own, with a system call each) does better
     * with the request copied into one buffer.
     */
    default boolean gathersWrites() {
        return false;
    }

    /**
     * Writes the remaining bytes of {@code srcs[offset..offset+length)} in order, as far as the transport takes
     * them (a gathering write where the transport can do one); each buffer's position shows what was taken. This
     * default offers one buffer after the other and stops at the first it could not write completely.
     */
    default void write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer src = srcs[i];
            if (src.hasRemaining()) {
                write(src);
                if (src.hasRemaining()) {
                    return;
                }
            }
        }
    }

    /**
     * Whether the transport itself holds bytes it still has to write (a TLS record, say), so the connection
     * keeps write interest even when it has nothing queued.
     */
    boolean hasBufferedWrites();

    /** Whether bytes were already read off the socket and are waiting, so a read must not wait for the selector. */
    boolean hasBufferedReads();

    /**
     * Hands the transport the producer's metrics, for events only it sees (a SASL re-authentication inside a
     * ready connection); the connection records everything else. Called once, on the I/O thread, before the
     * transport's first handshake step.
     */
    default void recordInto(ProducerMetrics metrics) {}

    /** Creates the transport for a freshly opened channel. */
    @FunctionalInterface
    interface Factory extends AutoCloseable {
        Transport create(SocketChannel channel, String host) throws IOException;

        /** Releases what the factory holds for all connections (an OAuth token refresh thread, say). */
        @Override
        default void close() {}
    }
}
