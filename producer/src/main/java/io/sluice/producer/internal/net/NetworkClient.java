package io.sluice.producer.internal.net;

import io.sluice.producer.errors.AuthenticationException;
import io.sluice.producer.internal.metrics.ProducerMetrics;
import io.sluice.protocol.Errors;
import io.sluice.protocol.UnsupportedVersionException;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.ApiVersionsRequest;
import io.sluice.protocol.message.ApiVersionsResponse;
import io.sluice.protocol.message.Request;
import io.sluice.protocol.message.RequestHeader;
import io.sluice.protocol.message.ResponseHeader;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The non-blocking Kafka network client: one selector, one connection per broker, all driven by the
 * single I/O thread that calls {@link #poll}. Only {@link #wakeup()} may be called from other threads.
 *
 * <p>On connect it runs the transport's handshake, then ApiVersions; the connection is ready once the
 * broker's version ranges are known, and every later request on it is sent at the highest version both
 * sides speak. A request that gets no answer within {@code request.timeout.ms} closes its connection
 * (later responses on it could not be matched any more) and fails every request in flight on it.
 * Failed connects back off exponentially with jitter, per broker.
 */
public final class NetworkClient implements Network {
    private static final System.Logger LOG = System.getLogger(NetworkClient.class.getName());
    private static final String SOFTWARE_NAME = "sluice";
    private static final String SOFTWARE_VERSION = "0.1.0";

    private final NetworkConfig config;
    private final LongSupplier clock;
    private final Transport.Factory transports;
    private final Selector selector;
    private final ExponentialBackoff reconnectBackoff;
    private final ExponentialBackoff setupTimeoutBackoff;
    private final Map<Integer, NodeState> nodes = new HashMap<>();
    private final Map<Integer, Connection> connections = new HashMap<>();
    private final ArrayDeque<InFlightRequest> completedWrites = new ArrayDeque<>();
    private final List<Connection> scratch = new ArrayList<>();
    private ConnectionListener listener = (node, wasReady, now) -> {};
    private Supplier<String> expectedClusterId = () -> null;
    private int nextCorrelationId;
    private ProducerMetrics metrics = ProducerMetrics.NONE;
    /** Reads and writes that moved bytes during the current poll, recorded once at its end. */
    private int networkCalls;

    public NetworkClient(NetworkConfig config, LongSupplier clock, Transport.Factory transports) {
        this.config = config;
        this.clock = clock;
        this.transports = transports;
        this.reconnectBackoff =
                new ExponentialBackoff(config.reconnectBackoffMs(), config.reconnectBackoffMaxMs(), 0.2);
        this.setupTimeoutBackoff = new ExponentialBackoff(config.setupTimeoutMs(), config.setupTimeoutMaxMs(), 0.2);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /** Records requests, responses, connections and the I/O loop's time into {@code metrics}. */
    public void setMetrics(ProducerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Turns on the misrouting check of {@code metadata.cluster.check.enable} (KIP-1242): each connection to a known
     * broker names, in its ApiVersions request, the cluster it meant ({@code clusterId}'s current answer) and the
     * broker's id, so a broker that is neither refuses it. Connections to bootstrap addresses, or made before the
     * cluster id is known, ask for no check; brokers before Kafka 4.4 never check.
     */
    public void checkClusterOnConnect(Supplier<String> clusterId) {
        this.expectedClusterId = clusterId;
    }

    @Override
    public String connectionProblem(int nodeId) {
        NodeState state = nodes.get(nodeId);
        return state == null || isReady(nodeId) ? null : state.lastSetupFailure;
    }

    @Override
    public void setConnectionListener(ConnectionListener listener) {
        this.listener = listener;
    }

    @Override
    public boolean ready(BrokerEndpoint node, long nowMs) {
        Connection c = connections.get(node.id());
        if (c == null) {
            NodeState state = nodes.computeIfAbsent(node.id(), id -> new NodeState(node));
            if (!state.endpoint.equals(node)) {
                // The broker moved to another host or port: forget what we resolved for the old one.
                state.endpoint = node;
                state.forgetAddresses();
            }
            if (nowMs >= state.reconnectNotBeforeMs) {
                connect(state, nowMs);
            }
            return false;
        }
        return c.state == Connection.State.READY && c.inFlightCount() < config.maxInFlightPerConnection();
    }

    @Override
    public boolean isReady(int nodeId) {
        Connection c = connections.get(nodeId);
        return c != null && c.state == Connection.State.READY && c.inFlightCount() < config.maxInFlightPerConnection();
    }

    @Override
    public boolean isConnected(int nodeId) {
        Connection c = connections.get(nodeId);
        return c != null && c.state == Connection.State.READY;
    }

    @Override
    public boolean isConnecting(int nodeId) {
        Connection c = connections.get(nodeId);
        return c != null && c.state != Connection.State.READY;
    }

    @Override
    public long connectionDelayMs(int nodeId, long nowMs) {
        Connection c = connections.get(nodeId);
        if (c != null) {
            // Connected or in progress: the selector will tell us when something changes.
            return c.state == Connection.State.READY ? 0 : Long.MAX_VALUE;
        }
        NodeState state = nodes.get(nodeId);
        return state == null ? 0 : Math.max(0, state.reconnectNotBeforeMs - nowMs);
    }

    @Override
    public boolean isBackingOff(int nodeId, long nowMs) {
        NodeState state = nodes.get(nodeId);
        return connections.get(nodeId) == null && state != null && nowMs < state.reconnectNotBeforeMs;
    }

    @Override
    public int inFlightCount(int nodeId) {
        Connection c = connections.get(nodeId);
        return c == null ? 0 : c.inFlightCount();
    }

    /** The number of open connections, ready or not. */
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public int inFlightCount() {
        int n = 0;
        for (Connection c : connections.values()) {
            n += c.inFlightCount();
        }
        return n;
    }

    @Override
    public short apiVersion(int nodeId, ApiKey api) {
        Connection c = connections.get(nodeId);
        if (c == null || c.apiVersions == null) {
            return -1;
        }
        try {
            return c.apiVersions.pick(api);
        } catch (UnsupportedVersionException e) {
            return -1;
        }
    }

    @Override
    public BrokerEndpoint leastLoadedNode(Collection<BrokerEndpoint> candidates, long nowMs) {
        BrokerEndpoint best = null;
        int bestLoad = Integer.MAX_VALUE;
        BrokerEndpoint connecting = null;
        BrokerEndpoint connectable = null;
        for (BrokerEndpoint node : candidates) {
            Connection c = connections.get(node.id());
            if (c != null && c.state == Connection.State.READY) {
                int load = c.inFlightCount();
                if (load < bestLoad && load < config.maxInFlightPerConnection()) {
                    best = node;
                    bestLoad = load;
                } else if (connecting == null) {
                    // Busy, yet reachable: worth waiting for rather than declaring the cluster lost.
                    connecting = node;
                }
            } else if (c != null) {
                connecting = connecting == null ? node : connecting;
            } else if (!isBackingOff(node.id(), nowMs)) {
                connectable = connectable == null ? node : connectable;
            }
        }
        if (best != null) {
            return best;
        }
        return connecting != null ? connecting : connectable;
    }

    @Override
    public void send(int nodeId, Request request, boolean expectResponse, ResponseHandler handler, long nowMs) {
        Connection c = connections.get(nodeId);
        if (c == null || c.state != Connection.State.READY) {
            throw new IllegalStateException("node " + nodeId + " is not ready");
        }
        // Throws UnsupportedVersionException, naming both ranges, when the broker and we share no version.
        short version = c.apiVersions.pick(request.apiKey());
        enqueue(c, request, version, expectResponse, handler, nowMs);
    }

    @Override
    public void send(
            int nodeId,
            Request request,
            short maxVersion,
            boolean expectResponse,
            ResponseHandler handler,
            long nowMs) {
        Connection c = connections.get(nodeId);
        if (c == null || c.state != Connection.State.READY) {
            throw new IllegalStateException("node " + nodeId + " is not ready");
        }
        short version = (short) Math.min(c.apiVersions.pick(request.apiKey()), maxVersion);
        ApiVersionsResponse.ApiVersion theirs = c.apiVersions.find(request.apiKey());
        if (version < theirs.minVersion() || version < request.apiKey().oldestVersion()) {
            throw new UnsupportedVersionException(
                    "node " + nodeId + " supports " + request.apiKey() + " v" + theirs.minVersion() + "-"
                            + theirs.maxVersion() + ", this request may use at most v" + maxVersion);
        }
        enqueue(c, request, version, expectResponse, handler, nowMs);
    }

    @Override
    public short finalizedFeatureLevel(int nodeId, String feature) {
        Connection c = connections.get(nodeId);
        if (c == null || c.apiVersions == null) {
            return -1;
        }
        for (ApiVersionsResponse.FinalizedFeature f : c.apiVersions.finalizedFeatures()) {
            if (f.name().equals(feature)) {
                return f.maxVersionLevel();
            }
        }
        return 0;
    }

    private void enqueue(
            Connection c, Request request, short version, boolean expectResponse, ResponseHandler handler, long nowMs) {
        int correlationId = nextCorrelationId++;
        if (nextCorrelationId < 0) {
            nextCorrelationId = 0;
        }
        OutboundFrames frames = c.outbound;
        frames.beginFrame();
        long frameEnd;
        try {
            ByteWriter out = frames.writer();
            RequestHeader.write(out, request.apiKey(), version, correlationId, config.clientId());
            request.write(out, version);
            frameEnd = frames.endFrame();
            metrics.requestSent(c.endpoint.id(), frames.lastFrameBytes(), nowMs);
        } catch (RuntimeException e) {
            // Nothing of a request that could not be encoded may reach the wire.
            frames.abandonFrame();
            throw e;
        }
        c.inFlight.add(new InFlightRequest(
                correlationId,
                request.apiKey(),
                version,
                expectResponse,
                handler,
                nowMs,
                nowMs + config.requestTimeoutMs(),
                frameEnd));
        c.updateInterest();
    }

    @Override
    public void poll(long timeoutMs, long nowMs) {
        long wait = Math.min(Math.max(0, timeoutMs), nextDeadlineMs(nowMs));
        boolean timed = metrics.recordsSelects();
        long selectStartNs = timed ? System.nanoTime() : 0;
        try {
            if (wait == 0) {
                selector.selectNow();
            } else {
                selector.select(wait);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("selector failed", e);
        }
        long now = clock.getAsLong();
        long ioStartNs = timed ? System.nanoTime() : 0;
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Connection c = (Connection) key.attachment();
            if (c.state != Connection.State.CLOSED) {
                handleReady(c, key, now);
            }
        }
        checkTimeouts(now);
        if (networkCalls > 0) {
            metrics.networkIo(networkCalls, now);
            networkCalls = 0;
        }
        if (timed) {
            metrics.selected(ioStartNs - selectStartNs, System.nanoTime() - ioStartNs, now);
        }
    }

    /** How long the selector may sleep before some request or connection setup times out. */
    private long nextDeadlineMs(long nowMs) {
        long next = Long.MAX_VALUE;
        for (Connection c : connections.values()) {
            if (c.state != Connection.State.READY) {
                next = Math.min(next, c.connectStartedMs + c.setupTimeoutMs - nowMs);
            }
            InFlightRequest head = c.inFlight.peekFirst();
            if (head != null) {
                next = Math.min(next, head.deadlineMs - nowMs);
            }
        }
        return Math.max(0, next);
    }

    private void handleReady(Connection c, SelectionKey key, long nowMs) {
        try {
            if (key.isConnectable()) {
                if (!c.transport.channel().finishConnect()) {
                    return;
                }
                c.state = Connection.State.HANDSHAKING;
                c.lastActivityMs = nowMs;
                LOG.log(Level.DEBUG, "connected to {0}", c.endpoint);
            }
            if (c.state == Connection.State.HANDSHAKING) {
                if (!c.transport.handshake()) {
                    c.updateInterest();
                    return;
                }
                metrics.authenticated(nowMs);
                startNegotiation(c, nowMs);
            }
            if (key.isValid() && (key.isReadable() || c.transport.hasBufferedReads())) {
                readFrames(c, nowMs);
            }
            if (c.state != Connection.State.CLOSED && c.hasPendingWrites()) {
                flush(c, nowMs);
            }
        } catch (IOException | RuntimeException e) {
            countAuthenticationFailure(c, e, nowMs);
            close(c, asIOException(c, e), nowMs);
        } finally {
            networkCalls += c.in.takeReads() + c.outbound.takeWrites();
        }
    }

    /**
     * A refusal during the handshake is a failed authentication; one after it, which only a SASL re-authentication
     * can raise, a failed re-authentication (kafka-clients tells them apart the same way).
     */
    private void countAuthenticationFailure(Connection c, Exception e, long nowMs) {
        if (!(e instanceof AuthenticationException)) {
            return;
        }
        if (c.state == Connection.State.HANDSHAKING) {
            metrics.authenticationFailed(nowMs);
        } else {
            metrics.reauthenticationFailed(nowMs);
        }
    }

    /** A failure of a connection's I/O as the requests on it report it; bytes that broke the protocol say so. */
    private static IOException asIOException(Connection c, Exception e) {
        if (e instanceof IOException io) {
            return io;
        }
        if (e instanceof ProtocolException) {
            return new IOException("protocol error from " + describe(c.endpoint) + ": " + e.getMessage(), e);
        }
        return new IOException(e.getMessage(), e);
    }

    private static String describe(BrokerEndpoint node) {
        return "node " + node.id() + " (" + node.host() + ":" + node.port() + ")";
    }

    private void startNegotiation(Connection c, long nowMs) {
        c.state = Connection.State.NEGOTIATING;
        sendApiVersions(c, ApiKey.API_VERSIONS.latestVersion(), nowMs);
    }

    private void sendApiVersions(Connection c, short version, long nowMs) {
        String clusterId = c.endpoint.id() >= 0 ? expectedClusterId.get() : null;
        ApiVersionsRequest request = clusterId == null
                ? new ApiVersionsRequest(SOFTWARE_NAME, SOFTWARE_VERSION)
                : new ApiVersionsRequest(SOFTWARE_NAME, SOFTWARE_VERSION, clusterId, c.endpoint.id());
        enqueue(c, request, version, true, new ApiVersionsHandler(c), nowMs);
    }

    /** Completes the connection setup once the broker's API versions are known. */
    private final class ApiVersionsHandler implements ResponseHandler {
        private final Connection connection;

        ApiVersionsHandler(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void onResponse(ByteReader body, short version, long nowMs) {
            ApiVersionsResponse response = ApiVersionsResponse.read(body, version);
            Errors error = response.error();
            if (error == Errors.UNSUPPORTED_VERSION) {
                // The broker answered at v0 with the ApiVersions range it speaks: retry at its highest.
                ApiVersionsResponse.ApiVersion theirs = response.find(ApiKey.API_VERSIONS);
                if (theirs != null && theirs.maxVersion() < version) {
                    sendApiVersions(connection, theirs.maxVersion(), nowMs);
                    return;
                }
            }
            if (error == Errors.REBOOTSTRAP_REQUIRED) {
                refuseMisrouted(nowMs);
                return;
            }
            if (error != Errors.NONE) {
                close(connection, new IOException("ApiVersions failed with " + error.name()), nowMs);
                return;
            }
            connection.apiVersions = response;
            connection.state = Connection.State.READY;
            NodeState state = nodes.get(connection.endpoint.id());
            if (state != null) {
                state.failures = 0;
                state.lastSetupFailure = null;
            }
            LOG.log(Level.DEBUG, "{0} ready", connection.endpoint);
        }

        private void refuseMisrouted(long nowMs) {
            int nodeId = connection.endpoint.id();
            String message = describe(connection.endpoint) + " is not node " + nodeId + " of cluster "
                    + expectedClusterId.get() + " (REBOOTSTRAP_REQUIRED): its address now leads elsewhere;"
                    + " going back to bootstrap.servers";
            LOG.log(Level.WARNING, message);
            close(connection, new IOException(message), nowMs);
            listener.onRebootstrapRequired(nodeId, nowMs);
        }

        @Override
        public void onFailure(IOException cause, long nowMs) {
            // The connection is already closing; its close path handles the backoff.
        }
    }

    private void readFrames(Connection c, long nowMs) throws IOException {
        while (c.state != Connection.State.CLOSED && c.in.readFrom(c.transport)) {
            c.lastActivityMs = nowMs;
            ByteBuffer frame = c.in.frame();
            metrics.responseReceived(c.endpoint.id(), frame.remaining() + 4, nowMs);
            ByteReader reader = new ByteReader(frame);
            InFlightRequest request = c.nextAwaitingResponse();
            if (request == null) {
                throw new IOException("unexpected response from " + c.endpoint + ": no request is waiting");
            }
            int correlationId = ResponseHeader.readCorrelationId(reader, request.apiKey, request.version);
            if (correlationId != request.correlationId) {
                throw new IOException("protocol error from " + describe(c.endpoint) + ": response with correlation id "
                        + correlationId + " while the oldest request waiting, " + request.apiKey + " v"
                        + request.version + ", has " + request.correlationId);
            }
            c.inFlight.remove(request);
            try {
                request.handler.onResponse(reader, request.version, nowMs);
            } catch (ProtocolException e) {
                throw malformedResponse(c, request, e, nowMs);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "response handler for " + request.apiKey + " failed", e);
            }
            c.in.next();
        }
    }

    /**
     * A response body that broke the protocol: its request fails as if the connection had broken (handlers
     * decode the whole body before acting on it, so nothing of it was applied), and the returned exception
     * closes the connection, whose stream can no longer be trusted.
     */
    private static IOException malformedResponse(
            Connection c, InFlightRequest request, ProtocolException e, long nowMs) {
        IOException cause = new IOException(
                "protocol error from " + describe(c.endpoint) + ": malformed " + request.apiKey + " v" + request.version
                        + " response: " + e.getMessage(),
                e);
        try {
            request.handler.onFailure(cause, nowMs);
        } catch (RuntimeException failed) {
            LOG.log(Level.ERROR, "failure handler for " + request.apiKey + " failed", failed);
        }
        return cause;
    }

    private void flush(Connection c, long nowMs) throws IOException {
        completedWrites.clear();
        c.flush(nowMs, completedWrites);
        for (InFlightRequest r : completedWrites) {
            try {
                r.handler.onResponse(null, r.version, nowMs);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "completion handler for " + r.apiKey + " failed", e);
            }
        }
        completedWrites.clear();
    }

    private void checkTimeouts(long nowMs) {
        scratch.clear();
        scratch.addAll(connections.values());
        for (Connection c : scratch) {
            if (c.state == Connection.State.CLOSED) {
                continue;
            }
            if (c.state != Connection.State.READY && nowMs - c.connectStartedMs >= c.setupTimeoutMs) {
                close(
                        c,
                        new RequestTimeoutException(
                                "connection setup to " + c.endpoint + " timed out after " + c.setupTimeoutMs + " ms"),
                        nowMs);
                continue;
            }
            InFlightRequest head = c.inFlight.peekFirst();
            if (head != null && nowMs >= head.deadlineMs) {
                close(
                        c,
                        new RequestTimeoutException(head.apiKey + " request to " + describe(c.endpoint)
                                + " got no response within request.timeout.ms=" + config.requestTimeoutMs()),
                        nowMs);
                continue;
            }
            if (c.state == Connection.State.READY
                    && c.inFlight.isEmpty()
                    && nowMs - c.lastActivityMs >= config.maxIdleMs()) {
                LOG.log(Level.DEBUG, "closing idle connection to {0}", c.endpoint);
                closeQuietly(c);
            }
        }
        scratch.clear();
    }

    private void connect(NodeState state, long nowMs) {
        BrokerEndpoint node = state.endpoint;
        SocketChannel channel = null;
        try {
            InetAddress address = state.nextAddress(config.useAllDnsIps());
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            if (config.sendBufferBytes() > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferBytes());
            }
            if (config.receiveBufferBytes() > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
            }
            boolean connected = channel.connect(new InetSocketAddress(address, node.port()));
            Transport transport = transports.create(channel, node.host());
            transport.recordInto(metrics);
            SelectionKey key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
            long setupTimeout = setupTimeoutBackoff.backoffMs(state.failures);
            Connection c = new Connection(node, transport, key, config.maxFrameBytes(), nowMs, setupTimeout);
            key.attach(c);
            connections.put(node.id(), c);
            metrics.connectionCreated(nowMs);
            LOG.log(Level.DEBUG, "connecting to {0} at {1}", node, address);
            if (connected) {
                c.state = Connection.State.HANDSHAKING;
                handleReady(c, key, nowMs);
            }
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Nothing more to do with a socket we failed to set up.
                }
            }
            LOG.log(Level.DEBUG, "cannot connect to {0}: {1}", node, e.toString());
            state.lastSetupFailure = e.toString();
            failed(state, nowMs);
            listener.onDisconnected(node.id(), false, nowMs);
        }
    }

    private void failed(NodeState state, long nowMs) {
        state.connectFailed();
        state.reconnectNotBeforeMs = nowMs + reconnectBackoff.backoffMs(state.failures);
        state.failures++;
    }

    private void close(Connection c, IOException cause, long nowMs) {
        boolean wasReady = c.state == Connection.State.READY;
        LOG.log(Level.DEBUG, "connection to {0} closed: {1}", c.endpoint, cause.toString());
        c.close();
        connections.remove(c.endpoint.id(), c);
        metrics.connectionClosed(nowMs);
        NodeState state = nodes.get(c.endpoint.id());
        if (state != null) {
            if (wasReady) {
                // A connection that worked and then broke: reconnect after the base backoff.
                state.failures = 0;
                state.reconnectNotBeforeMs = nowMs + reconnectBackoff.backoffMs(0);
            } else {
                state.lastSetupFailure = cause.getMessage();
                failed(state, nowMs);
            }
        }
        failInFlight(c, cause, nowMs);
        listener.onDisconnected(c.endpoint.id(), wasReady, nowMs);
    }

    private void closeQuietly(Connection c) {
        c.close();
        connections.remove(c.endpoint.id(), c);
    }

    private static void failInFlight(Connection c, IOException cause, long nowMs) {
        InFlightRequest r;
        while ((r = c.inFlight.pollFirst()) != null) {
            try {
                r.handler.onFailure(cause, nowMs);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "failure handler for " + r.apiKey + " failed", e);
            }
        }
    }

    @Override
    public void disconnect(int nodeId) {
        Connection c = connections.get(nodeId);
        if (c != null) {
            close(c, new IOException("disconnected by the client"), clock.getAsLong());
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        long now = clock.getAsLong();
        for (Connection c : new ArrayList<>(connections.values())) {
            c.close();
            failInFlight(c, new IOException("the producer is closing"), now);
        }
        connections.clear();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the selector failed", e);
        }
        transports.close();
    }
}
