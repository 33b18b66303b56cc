package io.sluice.producer.hostile;

import io.sluice.protocol.message.MetadataRequest;
import io.sluice.protocol.message.MetadataResponse;
import io.sluice.protocol.message.RequestHeader;
import io.sluice.protocol.message.ResponseHeader;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A blocking connection from {@link FakeBroker} to a real broker, one per client connection, so the real
 * broker answers in the order the client asked.
 */
final class UpstreamLink implements AutoCloseable {
    private static final int TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int nextCorrelationId;

    UpstreamLink(InetSocketAddress broker) throws IOException {
        socket = new Socket();
        socket.connect(broker, TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends a whole request frame (size prefix included) as it is and returns the whole response frame. */
    byte[] forward(byte[] requestFrame) throws IOException {
        out.write(requestFrame);
        out.flush();
        return readFrame();
    }

    /** Sends a request frame that expects no response (Produce with acks=0). */
    void forwardOneWay(byte[] requestFrame) throws IOException {
        out.write(requestFrame);
        out.flush();
    }

    /** Asks the real broker for metadata at {@code version}. */
    MetadataResponse metadata(MetadataRequest request, short version) throws IOException {
        ByteWriter w = new ByteWriter(256);
        int correlationId = nextCorrelationId++;
        RequestHeader.writeFrame(w, request, version, correlationId, "sluice-fake-broker");
        byte[] frame = forward(w.toByteArray());
        ByteReader r = ByteReader.of(frame);
        r.readInt(); // size
        int answered = ResponseHeader.readCorrelationId(r, request.apiKey(), version);
        if (answered != correlationId) {
            throw new IOException("upstream answered correlation id " + answered + " to " + correlationId);
        }
        return MetadataResponse.read(r, version);
    }

    private byte[] readFrame() throws IOException {
        int size = in.readInt();
        if (size < 0 || size > (64 << 20)) {
            throw new IOException("upstream frame size " + size);
        }
        byte[] frame = new byte[4 + size];
        frame[0] = (byte) (size >>> 24);
        frame[1] = (byte) (size >>> 16);
        frame[2] = (byte) (size >>> 8);
        frame[3] = (byte) size;
        in.readFully(frame, 4, size);
        return frame;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
