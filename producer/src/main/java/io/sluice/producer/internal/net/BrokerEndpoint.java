package io.sluice.producer.internal.net;

import io.sluice.producer.Node;

/**
 * Where a broker listens. Bootstrap addresses get negative ids ({@code -1, -2, ...}) because their real
 * broker ids are not known until the first metadata response.
 */
public record BrokerEndpoint(int id, String host, int port) {
    /** Returns where a broker from the cluster metadata listens. */
    public static BrokerEndpoint of(Node node) {
        return new BrokerEndpoint(node.id(), node.host(), node.port());
    }

    @Override
    public String toString() {
        return host + ":" + port + " (id " + id + ")";
    }
}
