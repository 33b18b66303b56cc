package io.sluice.producer.internal.net;

import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.Request;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageUtil;

/**
 * A {@link Network} a test scripts by hand: which brokers are reachable, what was sent, and what answer
 * each request gets. Response bodies are encoded by kafka-clients' own message classes, so what the code
 * under test decodes is what a broker would send. It fakes the network, never the broker's rules: the test
 * decides every answer.
 */
public final class ScriptedNetwork implements Network {
    /** One request the code under test sent. */
    public record Sent(int nodeId, Request request, boolean expectResponse, ResponseHandler handler, short version) {}

    private final Set<Integer> reachable = new HashSet<>();
    private final Set<Integer> connected = new HashSet<>();
    private final Map<ApiKey, Short> versions = new EnumMap<>(ApiKey.class);
    private final List<Sent> inFlight = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    private ConnectionListener listener = (n, r, t) -> {};
    private final Map<String, Short> features = new java.util.HashMap<>();
    private int maxInFlight = 5;
    public long lastPollTimeoutMs = -1;

    public ScriptedNetwork() {
        versions.put(ApiKey.METADATA, (short) 12);
        versions.put(ApiKey.PRODUCE, (short) 11);
        versions.put(ApiKey.INIT_PRODUCER_ID, (short) 5);
    }

    public ScriptedNetwork version(ApiKey api, int version) {
        versions.put(api, (short) version);
        return this;
    }

    /** Sets a finalized feature level every node reports, e.g. {@code transaction.version}. */
    public ScriptedNetwork feature(String name, int level) {
        features.put(name, (short) level);
        return this;
    }

    public ScriptedNetwork reachable(int... nodeIds) {
        for (int id : nodeIds) {
            reachable.add(id);
        }
        return this;
    }

    public ScriptedNetwork maxInFlight(int max) {
        maxInFlight = max;
        return this;
    }

    /** Every request sent so far, oldest first. */
    public List<Sent> sent() {
        return sent;
    }

    /** Requests not yet answered, oldest first. */
    public List<Sent> inFlight() {
        return inFlight;
    }

    /** The oldest unanswered request of {@code api}, or an assertion error. */
    public Sent next(ApiKey api) {
        for (Sent s : inFlight) {
            if (s.request().apiKey() == api) {
                return s;
            }
        }
        throw new AssertionError("no " + api + " request in flight; in flight: " + inFlight);
    }

    public boolean hasInFlight(ApiKey api) {
        for (Sent s : inFlight) {
            if (s.request().apiKey() == api) {
                return true;
            }
        }
        return false;
    }

    /** Answers {@code s} with the body kafka-clients encodes for {@code response}. */
    public void respond(Sent s, Message response, long nowMs) {
        inFlight.remove(s);
        // The accessor's buffer comes back already flipped: position 0, limit the encoded size.
        ByteBuffer body =
                MessageUtil.toByteBufferAccessor(response, s.version()).buffer();
        s.handler().onResponse(new ByteReader(body), s.version(), nowMs);
    }

    /** Fails {@code s} as a broken connection or a timeout would. */
    public void fail(Sent s, IOException cause, long nowMs) {
        inFlight.remove(s);
        s.handler().onFailure(cause, nowMs);
    }

    /** Breaks the connection to {@code nodeId}: its requests fail and it is unreachable until made reachable. */
    public void breakConnection(int nodeId, long nowMs) {
        reachable.remove(nodeId);
        connected.remove(nodeId);
        for (Sent s : new ArrayList<>(inFlight)) {
            if (s.nodeId() == nodeId) {
                fail(s, new IOException("connection to " + nodeId + " broken"), nowMs);
            }
        }
        listener.onDisconnected(nodeId, true, nowMs);
    }

    @Override
    public void setConnectionListener(ConnectionListener listener) {
        this.listener = listener;
    }

    @Override
    public boolean ready(BrokerEndpoint node, long nowMs) {
        if (reachable.contains(node.id())) {
            connected.add(node.id());
        }
        return isReady(node.id());
    }

    @Override
    public boolean isReady(int nodeId) {
        return connected.contains(nodeId) && inFlightCount(nodeId) < maxInFlight;
    }

    @Override
    public boolean isConnected(int nodeId) {
        return connected.contains(nodeId);
    }

    @Override
    public boolean isConnecting(int nodeId) {
        return false;
    }

    @Override
    public long connectionDelayMs(int nodeId, long nowMs) {
        return reachable.contains(nodeId) ? 0 : 100;
    }

    @Override
    public boolean isBackingOff(int nodeId, long nowMs) {
        return !reachable.contains(nodeId);
    }

    @Override
    public int inFlightCount(int nodeId) {
        int n = 0;
        for (Sent s : inFlight) {
            if (s.nodeId() == nodeId) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int inFlightCount() {
        return inFlight.size();
    }

    @Override
    public short apiVersion(int nodeId, ApiKey api) {
        return versions.getOrDefault(api, api.latestVersion());
    }

    @Override
    public BrokerEndpoint leastLoadedNode(Collection<BrokerEndpoint> candidates, long nowMs) {
        for (BrokerEndpoint node : candidates) {
            if (reachable.contains(node.id())) {
                return node;
            }
        }
        return null;
    }

    @Override
    public void send(int nodeId, Request request, boolean expectResponse, ResponseHandler handler, long nowMs) {
        if (!connected.contains(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " is not ready");
        }
        encode(request, apiVersion(nodeId, request.apiKey()));
        Sent s = new Sent(nodeId, request, expectResponse, handler, apiVersion(nodeId, request.apiKey()));
        sent.add(s);
        if (expectResponse) {
            inFlight.add(s);
        } else {
            handler.onResponse(null, s.version(), nowMs);
        }
    }

    @Override
    public void send(
            int nodeId,
            Request request,
            short maxVersion,
            boolean expectResponse,
            ResponseHandler handler,
            long nowMs) {
        if (!connected.contains(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " is not ready");
        }
        short version = (short) Math.min(apiVersion(nodeId, request.apiKey()), maxVersion);
        encode(request, version);
        Sent s = new Sent(nodeId, request, expectResponse, handler, version);
        sent.add(s);
        if (expectResponse) {
            inFlight.add(s);
        } else {
            handler.onResponse(null, s.version(), nowMs);
        }
    }

    /** Writes the request as the real network does before queueing it, so a request it could not write fails alike. */
    private static void encode(Request request, short version) {
        request.write(new ByteWriter(256), version);
    }

    @Override
    public short finalizedFeatureLevel(int nodeId, String feature) {
        return connected.contains(nodeId) ? features.getOrDefault(feature, (short) 0) : -1;
    }

    @Override
    public void poll(long timeoutMs, long nowMs) {
        lastPollTimeoutMs = timeoutMs;
    }

    @Override
    public void disconnect(int nodeId) {
        breakConnection(nodeId, 0);
    }

    @Override
    public void wakeup() {}

    @Override
    public void close() {}
}
