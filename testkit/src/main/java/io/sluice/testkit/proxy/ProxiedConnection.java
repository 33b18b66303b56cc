package io.sluice.testkit.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection through a {@link FaultProxy} and its connection to the server.
 *
 * <pre>
 *   client --read--> [queue: due time] --write (stall, pace)--> server     CLIENT_TO_SERVER
 *   client <--write (stall, pace)-- [queue: due time] <--read-- server     SERVER_TO_CLIENT
 * </pre>
 *
 * Each direction has a reader thread that stamps every chunk with the time it may leave (now plus that direction's
 * latency) and a writer thread that holds it until then, so latency delays bytes without slowing the stream. Each
 * queue holds at most {@link #QUEUE_BYTES}; a full queue stops its reader, and TCP pushes back on the sender. A
 * "sink" connection, accepted while the proxy is a blackhole, has no server side and only a reader that discards.
 *
 * <p>The connection ends when both directions have seen end of stream (it is forwarded as a half close), when either
 * socket fails (the other side is reset, as the failing side was), or when the proxy ends it.
 */
final class ProxiedConnection {
    static final int QUEUE_BYTES = 256 * 1024;
    private static final int READ_BUFFER = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final FaultProxy proxy;
    private final Faults faults;
    private final Socket client;
    private final Socket server;
    private final boolean sink;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger directionsEnded = new AtomicInteger();
    /** Bytes were discarded mid-stream, so the stream is broken: close it once the blackhole lifts. */
    private volatile boolean tainted;

    ProxiedConnection(FaultProxy proxy, Faults faults, Socket client, boolean sink) {
        this.proxy = proxy;
        this.faults = faults;
        this.client = client;
        this.server = sink ? null : new Socket();
        this.sink = sink;
        this.tainted = sink;
    }

    void start() {
        if (sink) {
            spawn("sink", this::discardUntilClosed);
        } else {
            spawn("connect", this::connectAndPump);
        }
    }

    boolean tainted() {
        return tainted;
    }

    List<Thread> threads() {
        return threads;
    }

    private void connectAndPump() {
        try {
            server.setTcpNoDelay(true);
            server.connect(proxy.target(), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException unreachable) {
            if (!closed.get()) {
                proxy.countRefused();
            }
            // A server that refuses is shown to the client as a reset, like a refused connection.
            abort(true);
            return;
        }
        try {
            client.setTcpNoDelay(true);
            Pipe toServer = new Pipe(Direction.CLIENT_TO_SERVER, client.getInputStream(), server);
            Pipe toClient = new Pipe(Direction.SERVER_TO_CLIENT, server.getInputStream(), client);
            spawn("to-server-writer", toServer::writeLoop);
            spawn("to-client-reader", toClient::readLoop);
            spawn("to-client-writer", toClient::writeLoop);
            toServer.readLoop();
        } catch (IOException e) {
            abort(true);
        }
    }

    private void discardUntilClosed() {
        byte[] buffer = new byte[READ_BUFFER];
        try (InputStream in = client.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                proxy.countRead(Direction.CLIENT_TO_SERVER, read);
                proxy.countDiscarded(read);
            }
        } catch (IOException ended) {
            // The client or the proxy closed the socket.
        } finally {
            close();
        }
    }

    private void spawn(String role, Runnable body) {
        Thread thread = proxy.newThread(role, body);
        threads.add(thread);
        thread.start();
    }

    /** Closes both sockets with a TCP reset, as {@link FaultProxy#resetConnections()} asks. */
    void reset() {
        abort(true);
    }

    /** Closes both sockets; with {@code reset}, each with SO_LINGER 0 so the peer sees a reset, not an end of stream. */
    void abort(boolean reset) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeSocket(client, reset);
        if (server != null) {
            closeSocket(server, reset);
        }
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                thread.interrupt();
            }
        }
        proxy.forget(this);
    }

    /** Closes both sockets normally. */
    void close() {
        abort(false);
    }

    private static void closeSocket(Socket socket, boolean reset) {
        try {
            if (reset && !socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // Closed meanwhile: the close below is all that is left to do.
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing to do: the socket is unusable either way.
        }
    }

    private void directionEnded() {
        if (directionsEnded.incrementAndGet() == 2) {
            close();
        }
    }

    /** A chunk read from one side; {@code bytes == null} marks the end of the stream. */
    private record Chunk(byte[] bytes, long dueNanos) {}

    /** One direction: a reader filling a bounded queue and a writer draining it into the other socket. */
    private final class Pipe {
        private final Direction direction;
        private final InputStream in;
        private final Socket destination;
        private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        private final Semaphore room = new Semaphore(QUEUE_BYTES);

        Pipe(Direction direction, InputStream in, Socket destination) {
            this.direction = direction;
            this.in = in;
            this.destination = destination;
        }

        void readLoop() {
            byte[] buffer = new byte[READ_BUFFER];
            try {
                while (true) {
                    int read = in.read(buffer);
                    if (read < 0) {
                        queue.put(new Chunk(null, 0));
                        return;
                    }
                    proxy.countRead(direction, read);
                    if (faults.blackhole()) {
                        tainted = true;
                        proxy.countDiscarded(read);
                        continue;
                    }
                    if (direction == Direction.SERVER_TO_CLIENT && faults.takeResponseToDrop()) {
                        // The server wrote its response; the client never gets it and sees the connection close.
                        proxy.countDiscarded(read);
                        proxy.countResponseDropped();
                        close();
                        return;
                    }
                    room.acquire(read);
                    long due = System.nanoTime() + faults.latencyNanos(direction);
                    queue.put(new Chunk(Arrays.copyOf(buffer, read), due));
                }
            } catch (IOException | InterruptedException e) {
                failed();
            }
        }

        void writeLoop() {
            // Not try-with-resources: closing the stream closes the socket, and after a half close the other
            // direction still reads from it.
            try {
                OutputStream out = destination.getOutputStream();
                Pacer pacer = faults.pacer(direction);
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk.bytes() == null) {
                        destination.shutdownOutput();
                        directionEnded();
                        return;
                    }
                    faults.awaitFlowing();
                    Faults.sleepUntil(chunk.dueNanos());
                    faults.awaitFlowing();
                    writePaced(out, pacer, chunk.bytes());
                    room.release(chunk.bytes().length);
                }
            } catch (IOException | InterruptedException e) {
                failed();
            }
        }

        private void writePaced(OutputStream out, Pacer pacer, byte[] bytes) throws IOException, InterruptedException {
            int offset = 0;
            while (offset < bytes.length) {
                int slice = pacer.slice(bytes.length - offset);
                Faults.sleepUntil(pacer.reserve(slice));
                out.write(bytes, offset, slice);
                out.flush();
                offset += slice;
                proxy.countForwarded(direction, slice);
            }
        }

        /** A socket failed or the proxy ended the connection: pass a reset on unless it is already closed. */
        private void failed() {
            abort(true);
        }
    }
}
