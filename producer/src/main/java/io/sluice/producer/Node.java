package io.sluice.producer;

import java.util.Objects;

/**
 * A broker of the cluster as the producer sees it in metadata.
 *
 * @param id the broker id; {@code -1} stands for "no broker"
 * @param host the advertised host name
 * @param port the advertised port
 * @param rack the broker's rack, or {@code null} when it has none
 */
public record Node(int id, String host, int port, String rack) {
    /** The broker id that means "no broker", as used for a partition without a leader. */
    public static final int NO_NODE_ID = -1;

    /** Creates a node; {@code host} must not be null. */
    public Node {
        Objects.requireNonNull(host, "host");
    }

    /** Returns {@code host:port (id: N rack: R)}, the form used in log lines and messages. */
    @Override
    public String toString() {
        return host + ":" + port + " (id: " + id + " rack: " + rack + ")";
    }
}
