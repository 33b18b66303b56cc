package io.sluice.protocol.broker;

import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.Request;
import io.sluice.protocol.message.RequestHeader;
import io.sluice.protocol.message.ResponseHeader;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The smallest possible Kafka client: one plain blocking socket, one request at a time, frames written with
 * {@link RequestHeader#writeFrame} and read back with {@link ResponseHeader}. Tests use it to show the codecs
 * speak to a real broker with nothing else in between.
 */
final class BlockingClient implements AutoCloseable {
    private static final int MAX_RESPONSE = 16 * 1024 * 1024;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final ByteWriter writer = new ByteWriter(1024);
    private int nextCorrelationId = 1;

    BlockingClient(String bootstrapServers) throws IOException {
        String first = bootstrapServers.split(",")[0];
        int colon = first.lastIndexOf(':');
        socket = new Socket();
        socket.connect(
                new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1))), 10_000);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code request} at {@code version} and returns a reader over the response body. */
    ByteReader send(Request request, short version) throws IOException {
        int correlationId = nextCorrelationId++;
        writer.reset();
        RequestHeader.writeFrame(writer, request, version, correlationId, "sluice-protocol-test");
        return exchange(request.apiKey(), version, correlationId);
    }

    /** Sends bytes already framed by the caller and reads the answer as a response of {@code key} at {@code version}. */
    ByteReader sendRaw(byte[] frame, ApiKey key, short version, int correlationId) throws IOException {
        writer.reset();
        writer.writeBytes(frame);
        return exchange(key, version, correlationId);
    }

    private ByteReader exchange(ApiKey key, short version, int correlationId) throws IOException {
        out.write(writer.array(), 0, writer.position());
        out.flush();
        int size = in.readInt();
        if (size < 4 || size > MAX_RESPONSE) {
            throw new IOException("response size " + size);
        }
        byte[] frame = new byte[size];
        in.readFully(frame);
        ByteReader r = ByteReader.of(frame);
        int got = ResponseHeader.readCorrelationId(r, key, version);
        if (got != correlationId) {
            throw new IOException("correlation id " + got + ", expected " + correlationId);
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
