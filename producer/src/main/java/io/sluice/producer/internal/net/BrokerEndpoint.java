package io.sluice.producer.internal.net;

/**
 * Where a broker listens. Bootstrap addresses get negative ids ({@code -1, -2, ...}) because their real
 * broker ids are not known until the first metadata response.
 */
public record BrokerEndpoint(int id, String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port + " (id " + id + ")";
    }
}
