package io.sluice.producer.internal.metadata;

import io.sluice.producer.errors.BootstrapResolutionException;
import io.sluice.producer.errors.ConfigException;
import io.sluice.producer.internal.net.BrokerEndpoint;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the names of {@code bootstrap.servers} resolve, as {@code bootstrap.resolve.timeout.ms} asks: with 0,
 * {@link #requireNow} checks once in the constructor and fails it; with a positive value the I/O thread asks
 * {@link #check} before its first Metadata request until some name resolves, and past the deadline the producer
 * fails for good with {@link BootstrapResolutionException}.
 */
public final class BootstrapResolution {
    private static final System.Logger LOG = System.getLogger(BootstrapResolution.class.getName());

    private final List<BrokerEndpoint> bootstrap;
    private final long timeoutMs;
    private final long deadlineMs;
    private boolean resolved;
    private volatile BootstrapResolutionException failure;

    /** Resolution in the background, from {@code startMs} for at most {@code timeoutMs}. */
    public BootstrapResolution(List<BrokerEndpoint> bootstrap, long timeoutMs, long startMs) {
        this.bootstrap = List.copyOf(bootstrap);
        this.timeoutMs = timeoutMs;
        this.deadlineMs = startMs + timeoutMs;
    }

    /**
     * Resolves every name now, as the constructor does by default: names that do not resolve are logged and
     * skipped, and when none resolves the producer is not created.
     *
     * @throws ConfigException naming {@code bootstrap.servers} when no name resolves
     */
    public static void requireNow(List<BrokerEndpoint> bootstrap) {
        List<String> unresolved = unresolved(bootstrap);
        if (unresolved.size() == bootstrap.size()) {
            throw new ConfigException("No resolvable bootstrap urls given in bootstrap.servers: " + unresolved);
        }
        if (!unresolved.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "Couldn''t resolve these bootstrap.servers entries, skipped for now: {0}",
                    unresolved);
        }
    }

    /**
     * I/O thread: whether some bootstrap name resolves, trying again while none has. Past the deadline it records
     * the failure ({@link #failure()}) and answers false from then on without looking up again.
     */
    boolean check(long nowMs) {
        if (resolved) {
            return true;
        }
        if (failure != null) {
            return false;
        }
        List<String> unresolved = unresolved(bootstrap);
        if (unresolved.size() < bootstrap.size()) {
            resolved = true;
            return true;
        }
        if (nowMs >= deadlineMs) {
            failure = new BootstrapResolutionException("None of bootstrap.servers " + unresolved
                    + " resolved within bootstrap.resolve.timeout.ms=" + timeoutMs
                    + "; close this producer, fix DNS or bootstrap.servers, and create a new one");
            LOG.log(Level.ERROR, failure.getMessage());
        }
        return false;
    }

    /** The error that ended the producer, or {@code null}; safe from any thread. */
    public BootstrapResolutionException failure() {
        return failure;
    }

    private static List<String> unresolved(List<BrokerEndpoint> endpoints) {
        List<String> unresolved = new ArrayList<>();
        for (BrokerEndpoint e : endpoints) {
            try {
                InetAddress.getAllByName(e.host());
            } catch (UnknownHostException ex) {
                unresolved.add(e.host() + ":" + e.port());
            }
        }
        return unresolved;
    }
}
