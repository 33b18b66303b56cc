package io.sluice.testkit.proxy;

/**
 * A snapshot of a {@link FaultProxy}'s counters since it started. Every counter only grows, except
 * {@code activeConnections}.
 *
 * @param bytesFromClients bytes read from clients, whatever became of them
 * @param bytesFromServer bytes read from the server, whatever became of them
 * @param bytesToServer bytes written to the server
 * @param bytesToClient bytes written back to clients
 * @param bytesDiscarded bytes read from either side and never written: blackholed, or swallowed responses
 * @param connectionsAccepted client connections accepted
 * @param activeConnections client connections open now
 * @param connectionsRefused client connections closed at once: over the connection limit, or the server unreachable
 * @param connectionsReset connections ended with a TCP reset on purpose ({@link FaultProxy#resetConnections()} or
 *     {@link FaultProxy#resetNewConnections(boolean)})
 * @param responsesDropped connections closed after swallowing the server's response
 */
public record ProxyStats(
        long bytesFromClients,
        long bytesFromServer,
        long bytesToServer,
        long bytesToClient,
        long bytesDiscarded,
        long connectionsAccepted,
        int activeConnections,
        long connectionsRefused,
        long connectionsReset,
        long responsesDropped) {}
