package io.sluice.testkit.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of one server, with faults that switch on and off while traffic flows:
 *
 * <ul>
 *   <li>{@link #latency(Direction, Duration)}: every byte in that direction arrives that much later;
 *   <li>{@link #bandwidth(Direction, long)}: all connections together carry at most so many bytes per second;
 *   <li>{@link #stall()} / {@link #release()}: bytes are read and held until released;
 *   <li>{@link #dropResponses(boolean)}, {@link #dropNextResponses(int)}: the request reached the server and it
 *       answered, but the proxy swallows the answer and closes the client's connection;
 *   <li>{@link #resetConnections()}, {@link #resetNewConnections(boolean)}: TCP resets (SO_LINGER 0);
 *   <li>{@link #blackhole(boolean)}: connections are accepted and read, but nothing is forwarded or answered.
 * </ul>
 *
 * <p>Thread per connection and direction (a reader and a writer each, so latency does not slow the stream), at most
 * {@link #DEFAULT_MAX_CONNECTIONS} connections by default, at most 256 KiB buffered per direction and connection. Every
 * thread is a daemon and {@link #close()} ends them all. Thread-safe.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", brokerPort))) {
 *     // clients connect to proxy.address()
 *     proxy.latency(Direction.SERVER_TO_CLIENT, Duration.ofMillis(200));
 *     proxy.blackhole(true);
 *     ...
 *     proxy.clearFaults();
 *     assertThat(proxy.stats().bytesToServer()).isPositive();
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
    /** The connection limit unless {@link #start(int, InetSocketAddress, int)} sets another. */
    public static final int DEFAULT_MAX_CONNECTIONS = 128;

    private static final System.Logger LOG = System.getLogger(FaultProxy.class.getName());
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final String THREAD_PREFIX = "sluice-proxy-";

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final int maxConnections;
    private final Faults faults = new Faults();
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private final AtomicLong bytesFromClients = new AtomicLong();
    private final AtomicLong bytesFromServer = new AtomicLong();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final AtomicLong bytesDiscarded = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong responsesDropped = new AtomicLong();
    private final AtomicLong threadSequence = new AtomicLong();

    private FaultProxy(ServerSocket listener, InetSocketAddress target, int maxConnections) {
        this.listener = listener;
        this.target = target;
        this.maxConnections = maxConnections;
        this.acceptor = newThread("accept", this::acceptLoop);
    }

    /** Starts a proxy on a free port of 127.0.0.1 that forwards to {@code target}. */
    public static FaultProxy start(InetSocketAddress target) {
        return start(0, target, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Starts a proxy on {@code port} of 127.0.0.1 (0 for a free one) that forwards to {@code target} and accepts at
     * most {@code maxConnections} connections at once; further ones are closed at once and counted as refused. The
     * server need not be up yet: a connection to a server that is down is reset.
     */
    public static FaultProxy start(int port, InetSocketAddress target, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        try {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            FaultProxy proxy = new FaultProxy(listener, target, maxConnections);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, for a client's bootstrap servers or a broker's advertised listener. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The server this proxy forwards to. */
    public InetSocketAddress target() {
        return target;
    }

    /** Delays every byte in {@code direction} by {@code delay} from now on; {@link Duration#ZERO} ends it. */
    public void latency(Direction direction, Duration delay) {
        faults.latency(direction, delay);
    }

    /** Caps the bytes per second in {@code direction}, over all connections; 0 removes the cap. */
    public void bandwidth(Direction direction, long bytesPerSecond) {
        faults.pacer(direction).rate(bytesPerSecond);
    }

    /** Holds every byte in both directions, read but not written, until {@link #release()}. */
    public void stall() {
        faults.stall(true);
    }

    /** Ends a {@link #stall()}: held bytes flow on in order. */
    public void release() {
        faults.stall(false);
    }

    /**
     * While on, every time the server answers on a connection the proxy swallows the answer and closes the client's
     * side: the server has handled the request, the client never hears back and sees a disconnect.
     */
    public void dropResponses(boolean on) {
        faults.dropResponses(on ? Integer.MAX_VALUE : 0);
    }

    /** Like {@link #dropResponses(boolean)} for the next {@code count} answers only, on any connections. */
    public void dropNextResponses(int count) {
        faults.dropResponses(count);
    }

    /** Resets every open connection now: both the client and the server see a TCP reset. */
    public void resetConnections() {
        for (ProxiedConnection connection : List.copyOf(connections)) {
            resets.incrementAndGet();
            connection.reset();
        }
    }

    /** While on, every new connection is accepted and reset at once. */
    public void resetNewConnections(boolean on) {
        faults.resetNewConnections(on);
    }

    /**
     * While on, bytes are read from both sides and thrown away, and new connections are accepted but never reach the
     * server: requests time out. Switching it off closes the connections that lost bytes, as their streams are broken.
     */
    public void blackhole(boolean on) {
        faults.blackhole(on);
        if (!on) {
            for (ProxiedConnection connection : List.copyOf(connections)) {
                if (connection.tainted()) {
                    connection.close();
                }
            }
        }
    }

    /** Switches every fault off: no latency, no cap, no stall, no drops, no resets, no blackhole. */
    public void clearFaults() {
        faults.clear();
        blackhole(false);
    }

    /** The counters so far. */
    public ProxyStats stats() {
        return new ProxyStats(
                bytesFromClients.get(),
                bytesFromServer.get(),
                bytesToServer.get(),
                bytesToClient.get(),
                bytesDiscarded.get(),
                accepted.get(),
                connections.size(),
                refused.get(),
                resets.get(),
                responsesDropped.get());
    }

    /** Stops accepting, closes every connection and waits for every thread of this proxy to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the listener of proxy " + address(), e);
        }
        faults.clear();
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        // The acceptor first, so no connection is admitted after the ones closed below.
        join(acceptor, deadline);
        List<ProxiedConnection> open = List.copyOf(connections);
        open.forEach(ProxiedConnection::close);
        for (ProxiedConnection connection : open) {
            // By index: a connection's first thread may still add its pumps, which then find the sockets closed.
            List<Thread> threads = connection.threads();
            for (int i = 0; i < threads.size(); i++) {
                join(threads.get(i), deadline);
            }
        }
    }

    private static void join(Thread thread, long deadlineNanos) {
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, thread.getName() + " did not end within " + CLOSE_TIMEOUT);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "proxy " + address() + " stopped accepting", e);
                }
                return;
            }
            admit(client);
        }
    }

    private void admit(Socket client) {
        accepted.incrementAndGet();
        ProxiedConnection connection = new ProxiedConnection(this, faults, client, faults.blackhole());
        if (faults.resetNewConnections()) {
            resets.incrementAndGet();
            connection.reset();
            return;
        }
        if (closed || connections.size() >= maxConnections) {
            refused.incrementAndGet();
            connection.close();
            return;
        }
        connections.add(connection);
        connection.start();
    }

    Thread newThread(String role, Runnable body) {
        Thread thread = new Thread(body, THREAD_PREFIX + port() + "-" + role + "-" + threadSequence.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    void forget(ProxiedConnection connection) {
        connections.remove(connection);
    }

    void countRead(Direction direction, int bytes) {
        (direction == Direction.CLIENT_TO_SERVER ? bytesFromClients : bytesFromServer).addAndGet(bytes);
    }

    void countForwarded(Direction direction, int bytes) {
        (direction == Direction.CLIENT_TO_SERVER ? bytesToServer : bytesToClient).addAndGet(bytes);
    }

    void countDiscarded(int bytes) {
        bytesDiscarded.addAndGet(bytes);
    }

    void countRefused() {
        refused.incrementAndGet();
    }

    void countResponseDropped() {
        responsesDropped.incrementAndGet();
    }
}
