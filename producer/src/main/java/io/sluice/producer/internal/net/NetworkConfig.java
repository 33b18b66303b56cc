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
 * @param useAllDnsIps whether a broker connection tries every address its name resolves to, as both values of
 *     {@code client.dns.lookup} do after bootstrap
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

    /** Returns Kafka 4.x's defaults; handy for tests. */
    public static NetworkConfig defaults(String clientId) {
        return builder(clientId).build();
    }

    /** Returns a builder that starts from Kafka 4.x's defaults, so a call site names only what it sets. */
    public static Builder builder(String clientId) {
        return new Builder(clientId);
    }

    /** Returns a builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Returns these settings with another {@code request.timeout.ms}. */
    public NetworkConfig withRequestTimeoutMs(int ms) {
        return toBuilder().requestTimeoutMs(ms).build();
    }

    /** Returns these settings with another {@code connections.max.idle.ms}. */
    public NetworkConfig withMaxIdleMs(long ms) {
        return toBuilder().maxIdleMs(ms).build();
    }

    /** Returns these settings with other connection setup timeouts. */
    public NetworkConfig withSetupTimeoutMs(long ms, long maxMs) {
        return toBuilder().setupTimeoutMs(ms).setupTimeoutMaxMs(maxMs).build();
    }

    /** Builds a {@link NetworkConfig} by name; every setting starts at Kafka 4.x's default. */
    public static final class Builder {
        private final String clientId;
        private int requestTimeoutMs = 30_000;
        private int maxInFlightPerConnection = 5;
        private long reconnectBackoffMs = 50;
        private long reconnectBackoffMaxMs = 1000;
        private long setupTimeoutMs = 10_000;
        private long setupTimeoutMaxMs = 30_000;
        private long maxIdleMs = 540_000;
        private int sendBufferBytes = 131_072;
        private int receiveBufferBytes = 32_768;
        // client.dns.lookup decides only how bootstrap names resolve: after that, both of its values try every
        // address a broker's name resolves to.
        private boolean useAllDnsIps = true;
        private int maxFrameBytes = 256 << 20;

        private Builder(String clientId) {
            this.clientId = clientId;
        }

        private Builder(NetworkConfig from) {
            this.clientId = from.clientId;
            this.requestTimeoutMs = from.requestTimeoutMs;
            this.maxInFlightPerConnection = from.maxInFlightPerConnection;
            this.reconnectBackoffMs = from.reconnectBackoffMs;
            this.reconnectBackoffMaxMs = from.reconnectBackoffMaxMs;
            this.setupTimeoutMs = from.setupTimeoutMs;
            this.setupTimeoutMaxMs = from.setupTimeoutMaxMs;
            this.maxIdleMs = from.maxIdleMs;
            this.sendBufferBytes = from.sendBufferBytes;
            this.receiveBufferBytes = from.receiveBufferBytes;
            this.useAllDnsIps = from.useAllDnsIps;
            this.maxFrameBytes = from.maxFrameBytes;
        }

        /** Sets {@code request.timeout.ms}. */
        public Builder requestTimeoutMs(int ms) {
            this.requestTimeoutMs = ms;
            return this;
        }

        /** Sets {@code max.in.flight.requests.per.connection}. */
        public Builder maxInFlightPerConnection(int requests) {
            this.maxInFlightPerConnection = requests;
            return this;
        }

        /** Sets {@code reconnect.backoff.ms}. */
        public Builder reconnectBackoffMs(long ms) {
            this.reconnectBackoffMs = ms;
            return this;
        }

        /** Sets {@code reconnect.backoff.max.ms}. */
        public Builder reconnectBackoffMaxMs(long ms) {
            this.reconnectBackoffMaxMs = ms;
            return this;
        }

        /** Sets {@code socket.connection.setup.timeout.ms}. */
        public Builder setupTimeoutMs(long ms) {
            this.setupTimeoutMs = ms;
            return this;
        }

        /** Sets {@code socket.connection.setup.timeout.max.ms}. */
        public Builder setupTimeoutMaxMs(long ms) {
            this.setupTimeoutMaxMs = ms;
            return this;
        }

        /** Sets {@code connections.max.idle.ms}. */
        public Builder maxIdleMs(long ms) {
            this.maxIdleMs = ms;
            return this;
        }

        /** Sets {@code send.buffer.bytes}, -1 for the OS default. */
        public Builder sendBufferBytes(int bytes) {
            this.sendBufferBytes = bytes;
            return this;
        }

        /** Sets {@code receive.buffer.bytes}, -1 for the OS default. */
        public Builder receiveBufferBytes(int bytes) {
            this.receiveBufferBytes = bytes;
            return this;
        }

        /** Sets whether a broker connection tries every address its name resolves to, not only the first. */
        public Builder useAllDnsIps(boolean all) {
            this.useAllDnsIps = all;
            return this;
        }

        /** Sets the largest response frame accepted before the connection is declared corrupt (256 MiB). */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /** Returns the settings. */
        public NetworkConfig build() {
            return new NetworkConfig(
                    clientId,
                    requestTimeoutMs,
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
    }
}
