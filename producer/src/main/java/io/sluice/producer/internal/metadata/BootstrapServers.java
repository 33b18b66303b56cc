package io.sluice.producer.internal.metadata;

import io.sluice.producer.internal.net.BrokerEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code bootstrap.servers} into endpoints with ids {@code -1, -2, ...}.
 *
 * <p>With {@code client.dns.lookup=resolve_canonical_bootstrap_servers_only} each name is first expanded
 * to the canonical host names of all its addresses, as Kafka does for DNS aliases of a cluster.
 */
public final class BootstrapServers {
    private BootstrapServers() {}

    /**
     * Parses {@code host:port} entries; IPv6 literals are written {@code [::1]:9092}.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code host:port}
     */
    public static List<BrokerEndpoint> parse(List<String> servers, boolean canonicalize) {
        Set<String> hostPorts = new LinkedHashSet<>();
        for (String raw : servers) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("bootstrap.servers entry '" + entry + "' is not host:port");
            }
            String host = entry.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bootstrap.servers entry '" + entry + "' has no valid port");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("bootstrap.servers entry '" + entry + "' has port out of range");
            }
            if (canonicalize) {
                for (String canonical : canonicalNames(host)) {
                    hostPorts.add(canonical + "\u0000" + port);
                }
            } else {
                hostPorts.add(host + "\u0000" + port);
            }
        }
        if (hostPorts.isEmpty()) {
            throw new IllegalArgumentException("bootstrap.servers lists no host:port");
        }
        List<BrokerEndpoint> endpoints = new ArrayList<>(hostPorts.size());
        int id = -1;
        for (String hp : hostPorts) {
            int sep = hp.indexOf('\u0000');
            endpoints.add(new BrokerEndpoint(id--, hp.substring(0, sep), Integer.parseInt(hp.substring(sep + 1))));
        }
        return endpoints;
    }

    private static List<String> canonicalNames(String host) {
        try {
            List<String> names = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(host)) {
                names.add(address.getCanonicalHostName());
            }
            return names;
        } catch (UnknownHostException e) {
            // An unresolvable name stays as written; connecting to it will fail and back off like any other.
            return List.of(host);
        }
    }
}
