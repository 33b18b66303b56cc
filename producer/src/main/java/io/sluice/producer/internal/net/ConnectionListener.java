package io.sluice.producer.internal.net;

/** Told when a connection is lost, so metadata can refresh: a lost broker often means moved leaders. */
@FunctionalInterface
public interface ConnectionListener {
    /** Called on the I/O thread after the connection to {@code nodeId} closed for any reason but a shutdown. */
    void onDisconnected(int nodeId, boolean wasReady, long nowMs);
}
