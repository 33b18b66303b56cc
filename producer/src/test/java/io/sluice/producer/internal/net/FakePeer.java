package io.sluice.producer.internal.net;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A local socket peer for network tests: accepts connections, reads length-prefixed frames, and answers
 * as the test scripts it. It knows only framing and the request header, so it tests the network layer and
 * nothing about what a broker would do.
 */
final class FakePeer implements AutoCloseable {
    /** A request frame as the peer saw it. */
    record Frame(short apiKey, short apiVersion, int correlationId, byte[] whole, Socket from) {}

    private final ServerSocket server;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private final List<Socket> all = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean answerApiVersions = true;
    /** The versions of every ApiVersions request received, in order. */
    final List<Short> apiVersionsAsked = new CopyOnWriteArrayList<>();

    FakePeer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fake-peer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    BrokerEndpoint endpoint(int id) {
        return new BrokerEndpoint(id, "127.0.0.1", port());
    }

    /** When off, the peer swallows ApiVersions and never answers: a broker that hangs during setup. */
    void answerApiVersions(boolean answer) {
        answerApiVersions = answer;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                all.add(s);
                accepted.add(s);
                Thread reader = new Thread(() -> readLoop(s), "fake-peer-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void readLoop(Socket s) {
        try {
            DataInputStream in = new DataInputStream(s.getInputStream());
            while (true) {
                int size = in.readInt();
                byte[] body = new byte[size];
                in.readFully(body);
                short apiKey = (short) (((body[0] & 0xFF) << 8) | (body[1] & 0xFF));
                short version = (short) (((body[2] & 0xFF) << 8) | (body[3] & 0xFF));
                int correlationId = ((body[4] & 0xFF) << 24)
                        | ((body[5] & 0xFF) << 16)
                        | ((body[6] & 0xFF) << 8)
                        | (body[7] & 0xFF);
                Frame frame = new Frame(apiKey, version, correlationId, body, s);
                if (apiKey == 18) {
                    apiVersionsAsked.add(version);
                    if (version > 3) {
                        // A broker that knows ApiVersions only up to v3 answers in the v0 layout.
                        reply(frame, unsupportedApiVersionsV0Body(), false);
                    } else if (answerApiVersions) {
                        reply(frame, apiVersionsV3Body(), false);
                    }
                } else {
                    frames.add(frame);
                }
            }
        } catch (IOException e) {
            // The client closed or the test closed the socket.
        }
    }

    /**
     * An ApiVersions v3 response body: error 0, ApiVersions 0..3, Metadata 0..12, Produce 3..11, then
     * throttle time and empty tagged fields. Header v0 (ApiVersions responses never use flexible headers).
     */
    static byte[] apiVersionsV3Body() {
        return new byte[] {
            0,
            0, // error_code
            4, // api_keys: compact array of 3
            0,
            18,
            0,
            0,
            0,
            3,
            0, // ApiVersions 0..3, no tags
            0,
            3,
            0,
            0,
            0,
            12,
            0, // Metadata 0..12, no tags
            0,
            0,
            0,
            3,
            0,
            11,
            0, // Produce 3..11, no tags
            0,
            0,
            0,
            0, // throttle_time_ms
            0 // tagged fields
        };
    }

    /** UNSUPPORTED_VERSION in the v0 layout, naming ApiVersions 0..3 as all this peer speaks. */
    static byte[] unsupportedApiVersionsV0Body() {
        return new byte[] {
            0,
            35, // error_code UNSUPPORTED_VERSION
            0,
            0,
            0,
            1, // api_keys: int32 count 1
            0,
            18,
            0,
            0,
            0,
            3 // ApiVersions 0..3
        };
    }

    Frame nextFrame(long timeoutMs) throws InterruptedException {
        return frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    Socket nextAccepted(long timeoutMs) throws InterruptedException {
        return accepted.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Answers {@code frame} with {@code body}, behind a response header v1 (correlation id and an empty
     * tagged-field section) when {@code flexibleHeader}, else v0.
     */
    static void reply(Frame frame, byte[] body, boolean flexibleHeader) throws IOException {
        byte[] whole = response(frame.correlationId(), body, flexibleHeader);
        synchronizedWrite(frame.from(), whole, whole.length);
    }

    /** Answers one byte at a time with a flush after each, to exercise partial reads on the client. */
    static void replyDribbling(Frame frame, byte[] body, boolean flexibleHeader) throws IOException {
        byte[] whole = response(frame.correlationId(), body, flexibleHeader);
        for (int i = 0; i < whole.length; i++) {
            synchronizedWrite(frame.from(), new byte[] {whole[i]}, 1);
        }
    }

    static byte[] response(int correlationId, byte[] body, boolean flexibleHeader) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        int headerSize = flexibleHeader ? 5 : 4;
        out.writeInt(headerSize + body.length);
        out.writeInt(correlationId);
        if (flexibleHeader) {
            out.writeByte(0);
        }
        out.write(body);
        return bytes.toByteArray();
    }

    private static void synchronizedWrite(Socket s, byte[] bytes, int length) throws IOException {
        // Replies may come from the reader thread and the test thread; each frame is written whole.
        ReentrantLock guard = LOCKS.computeIfAbsent(s, k -> new ReentrantLock());
        guard.lock();
        try {
            s.getOutputStream().write(bytes, 0, length);
            s.getOutputStream().flush();
        } finally {
            guard.unlock();
        }
    }

    private static final Map<Socket, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** Closes every accepted connection, as a broker that dies would. */
    void dropConnections() throws IOException {
        for (Socket s : all) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
