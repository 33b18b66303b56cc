package io.sluice.producer.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The transport of {@code security.protocol=PLAINTEXT}: the socket itself. Open for a subclass that only watches
 * what it reads (the security layer checks the first answer for a TLS listener).
 */
public class PlaintextTransport implements Transport {
    private final SocketChannel channel;

    public PlaintextTransport(SocketChannel channel) {
        this.channel = channel;
    }

    /** The factory of plaintext transports. */
    public static Transport.Factory factory() {
        return (channel, host) -> new PlaintextTransport(channel);
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public boolean handshake() {
        return true;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public boolean gathersWrites() {
        return true;
    }

    @Override
    public void write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        channel.write(srcs, offset, length);
    }

    @Override
    public boolean hasBufferedWrites() {
        return false;
    }

    @Override
    public boolean hasBufferedReads() {
        return false;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
