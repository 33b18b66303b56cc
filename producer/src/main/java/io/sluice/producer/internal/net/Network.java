package io.sluice.producer.internal.net;

import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.Request;
import java.util.Collection;

/**
 * The network as the sender and metadata see it: the seam that unit tests replace to drive the sender
 * step by step. All methods but {@link #wakeup()} belong to the I/O thread.
 */
public interface Network extends AutoCloseable {

    /** Where connection losses are reported. */
    void setConnectionListener(ConnectionListener listener);

    /**
     * Whether a request can be sent to {@code node} now; starts connecting if there is no connection and
     * the node is not backing off.
     */
    boolean ready(BrokerEndpoint node, long nowMs);

    /** Connected, negotiated and below the in-flight limit; never starts a connection. */
    boolean isReady(int nodeId);

    /** Connected and negotiated, whatever the in-flight count. */
    boolean isConnected(int nodeId);

    /** A connection attempt or its handshake is under way. */
    boolean isConnecting(int nodeId);

    /** How long until a connection to the node may be attempted; 0 when connected or allowed now. */
    long connectionDelayMs(int nodeId, long nowMs);

    /**
     * Why connecting to the node failed last, while it has no usable connection: for errors that must say why a
     * broker could not be reached. Null when it is connected or nothing failed.
     */
    default String connectionProblem(int nodeId) {
        return null;
    }

    /** Disconnected and waiting out its reconnect backoff. */
    boolean isBackingOff(int nodeId, long nowMs);

    int inFlightCount(int nodeId);

    int inFlightCount();

    /** The version {@code api} is sent with on the node's connection, or -1 when unknown or unsupported. */
    short apiVersion(int nodeId, ApiKey api);

    /**
     * The best node for a request that may go anywhere (Metadata): a ready one with the fewest requests in
     * flight, else one being connected or busy at its in-flight limit, else one that may be connected now;
     * null if all are backing off.
     */
    BrokerEndpoint leastLoadedNode(Collection<BrokerEndpoint> candidates, long nowMs);

    /**
     * Queues {@code request} on the node's connection at the highest version both sides speak.
     *
     * @throws IllegalStateException if the node is not {@link #isConnected connected}
     */
    void send(int nodeId, Request request, boolean expectResponse, ResponseHandler handler, long nowMs);

    /**
     * Like {@link #send(int, Request, boolean, ResponseHandler, long)}, at no version above {@code maxVersion}: for
     * requests whose newest versions change their meaning (transactions v2 Produce, EndTxn, TxnOffsetCommit).
     *
     * @throws IllegalStateException if the node is not {@link #isConnected connected}
     * @throws io.sluice.protocol.UnsupportedVersionException when the broker speaks no version up to the cap
     */
    void send(
            int nodeId, Request request, short maxVersion, boolean expectResponse, ResponseHandler handler, long nowMs);

    /**
     * The level of a cluster-wide finalized feature (e.g. {@code transaction.version}) as the node's ApiVersions
     * answer (v3+) reported it: 0 when the answer names no such feature, -1 when the node is not connected.
     */
    short finalizedFeatureLevel(int nodeId, String feature);

    /** Does I/O for at most {@code timeoutMs} and fires the handlers of everything that completed. */
    void poll(long timeoutMs, long nowMs);

    /** Closes the node's connection, failing what is in flight on it. */
    void disconnect(int nodeId);

    /** Makes a blocked {@link #poll} return; safe from any thread. */
    void wakeup();

    @Override
    void close();
}
