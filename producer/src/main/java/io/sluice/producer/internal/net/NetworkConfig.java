package io.sluice.producer.internal.net;

/**
 * The settings of the network layer, with Kafka's names.
 *
 * @param clientId {@code client.id}, sent in every request header
 * @param requestTimeoutMs {@code request.timeout.ms}
 * @param maxInFlightPerConnection {@code max.in.flight.requests.per.connection}
 * @param reconnectBackoffMs {@code reconnect.backoff.ms}
 * @param reconnectBackoffMaxMs {@code reconnect.backoff.max.ms}
 * @param setupTimeoutMs {@code socket.connection.setup.timeout.ms}
 * @param setupTimeoutMaxMs {@code socket.connection.setup.timeout.max.ms}
 * @param maxIdleMs {@code connections.max.idle.ms}
 * @param sendBufferBytes {@code send.buffer.bytes}, -1 for the OS default
 * @param receiveBufferBytes {@code receive.buffer.bytes}, -1 for the OS default
 * @param useAllDnsIps {@code client.dns.lookup=use_all_dns_ips}: try every address a name resolves to
 * @param maxFrameBytes the largest response frame accepted before the connection is declared corrupt
 */
public record NetworkConfig(
        String clientId,
        int requestTimeoutMs,
        int maxInFlightPerConnection,
        long reconnectBackoffMs,
        long reconnectBackoffMaxMs,
        long setupTimeoutMs,
        long setupTimeoutMaxMs,
        long maxIdleMs,
        int sendBufferBytes,
        int receiveBufferBytes,
        boolean useAllDnsIps,
        int maxFrameBytes) {

    /** Kafka 4.x's defaults; handy for tests. */
    public static NetworkConfig defaults(String clientId) {
        return new NetworkConfig(
                clientId, 30_000, 5, 50, 1000, 10_000, 30_000, 540_000, 131_072, 32_768, true, 256 << 20);
    }

    public NetworkConfig withRequestTimeoutMs(int ms) {
        return new NetworkConfig(
                clientId,
                ms,
                maxInFlightPerConnection,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                setupTimeoutMs,
                setupTimeoutMaxMs,
                maxIdleMs,
                sendBufferBytes,
                receiveBufferBytes,
                useAllDnsIps,
                maxFrameBytes);
    }

    public NetworkConfig withMaxIdleMs(long ms) {
        return new NetworkConfig(
                clientId,
                requestTimeoutMs,
                maxInFlightPerConnection,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                setupTimeoutMs,
                setupTimeoutMaxMs,
                ms,
                sendBufferBytes,
                receiveBufferBytes,
                useAllDnsIps,
                maxFrameBytes);
    }

    public NetworkConfig withSetupTimeoutMs(long ms, long maxMs) {
        return new NetworkConfig(
                clientId,
                requestTimeoutMs,
                maxInFlightPerConnection,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                ms,
                maxMs,
                maxIdleMs,
                sendBufferBytes,
                receiveBufferBytes,
                useAllDnsIps,
                maxFrameBytes);
    }
}
