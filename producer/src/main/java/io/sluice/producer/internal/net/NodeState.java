package io.sluice.producer.internal.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What the client remembers about one broker between connections: reconnect backoff, setup timeout
 * growth, and which of its resolved addresses to try next.
 */
final class NodeState {
    BrokerEndpoint endpoint;
    int failures;
    long reconnectNotBeforeMs;
    /** Why the last connection attempt failed before it became ready; null once one succeeds. */
    String lastSetupFailure;

    private InetAddress[] addresses;
    private int nextAddress;

    NodeState(BrokerEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * The address for the next connection attempt. With {@code use_all_dns_ips} each attempt after a
     * failure moves to the next address the name resolved to, re-resolving once all were tried.
     */
    InetAddress nextAddress(boolean useAllDnsIps) throws UnknownHostException {
        if (addresses == null || nextAddress >= addresses.length) {
            addresses = useAllDnsIps
                    ? InetAddress.getAllByName(endpoint.host())
                    : new InetAddress[] {InetAddress.getByName(endpoint.host())};
            nextAddress = 0;
        }
        return addresses[nextAddress];
    }

    void connectFailed() {
        nextAddress++;
    }

    void forgetAddresses() {
        addresses = null;
    }
}
