package io.sluice.producer.internal.net;

/** Told when a connection is lost, so metadata can refresh: a lost broker often means moved leaders. */
@FunctionalInterface
public interface ConnectionListener {
    /** Called on the I/O thread after the connection to {@code nodeId} closed for any reason but a shutdown. */
    void onDisconnected(int nodeId, boolean wasReady, long nowMs);

    /**
     * Called on the I/O thread when a broker refused a connection as misrouted (KIP-1242: it is not the cluster or
     * node the producer meant), after that connection closed: the known addresses are stale.
     */
    default void onRebootstrapRequired(int nodeId, long nowMs) {}
}
