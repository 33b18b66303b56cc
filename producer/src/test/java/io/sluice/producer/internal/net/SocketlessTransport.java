package io.sluice.producer.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A transport without a socket behind it, for tests that script what reading and writing do: ready at once,
 * reads nothing, refuses writes, buffers nothing. Tests override the calls they script.
 */
abstract class SocketlessTransport implements Transport {
    @Override
    public SocketChannel channel() {
        return null;
    }

    @Override
    public boolean handshake() {
        return true;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return 0;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw new UnsupportedOperationException("this test transport does not write");
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
    public void close() throws IOException {}
}
