package io.sluice.producer.internal.metadata;

import io.sluice.producer.Node;
import io.sluice.producer.internal.net.BrokerEndpoint;
import io.sluice.producer.internal.net.ExponentialBackoff;
import io.sluice.producer.internal.net.Network;
import io.sluice.producer.internal.net.ResponseHandler;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.MetadataRequest;
import io.sluice.protocol.message.MetadataResponse;
import io.sluice.protocol.types.ByteReader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps the producer's view of the cluster fresh: the one implementation of {@link MetadataView}.
 *
 * <p>Only topics in use are fetched. A refresh happens when {@code metadata.max.age.ms} has passed since
 * the last one, when a topic is new, and at once (within {@code retry.backoff.ms}) when something went
 * wrong: a leader moved, a partition was unknown, a connection dropped. Topics nobody touched for
 * {@code metadata.max.idle.ms} are forgotten. When no known broker can be reached the manager goes back
 * to {@code bootstrap.servers} ({@code metadata.recovery.strategy=rebootstrap}).
 *
 * <p>Threads: {@link #current()}, {@link #requestTopic} and {@link #requestUpdate} are called from user
 * threads and never block; everything else runs on the I/O thread.
 */
public final class MetadataManager implements MetadataView {
    private static final System.Logger LOG = System.getLogger(MetadataManager.class.getName());

    /** The settings that shape refreshes. */
    public record Settings(
            long maxAgeMs,
            long maxIdleMs,
            long retryBackoffMs,
            long retryBackoffMaxMs,
            boolean rebootstrap,
            long rebootstrapTriggerMs) {}

    private final List<BrokerEndpoint> bootstrap;
    private final Settings settings;
    private final ExponentialBackoff backoff;
    private final BiConsumer<Cluster, Long> onUpdate;
    private final LongSupplier clock;
    /** Topic name to the last time it was used; only these topics are fetched. */
    private final Map<String, Long> topics = new ConcurrentHashMap<>();

    private volatile Cluster cluster = Cluster.empty();
    private volatile boolean updateRequested = true;
    private volatile boolean newTopics;
    private volatile Runnable wakeup = () -> {};
    private BootstrapResolution resolution;
    private Consumer<RuntimeException> onFatal = error -> {};
    private boolean fatalReported;

    // I/O-thread state.
    private List<BrokerEndpoint> clusterEndpoints = List.of();
    private boolean useBootstrap = true;
    private boolean inFlight;
    private long lastAttemptMs = Long.MIN_VALUE / 2;
    private long lastSuccessMs;
    private long firstFailureMs = -1;
    private int consecutiveFailures;
    /**
     * Brokers ("host:port") whose Metadata request failed since the last success. The next request goes to
     * another broker while there is one to ask: a broker that hangs or answers garbage may accept connections
     * again at once, and asking it first every time would keep the producer without metadata forever.
     */
    private final Set<String> failedSinceSuccess = new HashSet<>();

    /** When metadata last arrived (the producer's start before it first did); I/O thread only. */
    public long lastSuccessMs() {
        return lastSuccessMs;
    }

    public MetadataManager(
            List<BrokerEndpoint> bootstrap, Settings settings, BiConsumer<Cluster, Long> onUpdate, LongSupplier clock) {
        this.bootstrap = List.copyOf(bootstrap);
        this.clock = clock;
        long nowMs = clock.getAsLong();
        this.settings = settings;
        this.backoff = new ExponentialBackoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs(), 0.2);
        this.onUpdate = onUpdate;
        this.lastSuccessMs = nowMs;
    }

    /**
     * Resolves the bootstrap names in the background before the first Metadata request
     * ({@code bootstrap.resolve.timeout.ms > 0}); when none resolves in time, {@code onFatal} gets the error once.
     */
    public void resolveInBackground(BootstrapResolution resolution, Consumer<RuntimeException> onFatal) {
        this.resolution = resolution;
        this.onFatal = onFatal;
    }

    @Override
    public RuntimeException fatalError() {
        BootstrapResolution r = resolution;
        return r == null ? null : r.failure();
    }

    /** Where to knock when a refresh is wanted: the I/O thread's wakeup. */
    public void setWakeup(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    @Override
    public Cluster current() {
        return cluster;
    }

    @Override
    public void requestTopic(String topic) {
        if (topics.put(topic, clock.getAsLong()) == null || !cluster.hasTopic(topic)) {
            newTopics = true;
            wakeup.run();
        }
    }

    @Override
    public void requestUpdate() {
        updateRequested = true;
        wakeup.run();
    }

    /** Marks a topic as in use so it is not forgotten. I/O thread, on every drain. */
    public void touch(String topic, long nowMs) {
        topics.put(topic, nowMs);
    }

    /** The topics currently fetched. */
    public Set<String> topicsInUse() {
        return topics.keySet();
    }

    /**
     * A broker said the producer's addresses are stale (a misrouted connection): the next Metadata request goes to
     * {@code bootstrap.servers}, now. Only with {@code metadata.recovery.strategy=rebootstrap}.
     */
    public void rebootstrap() {
        if (settings.rebootstrap()) {
            useBootstrap = true;
            updateRequested = true;
        }
    }

    /** A connection dropped: leaders may have moved. */
    public void onDisconnected(int nodeId, long nowMs) {
        if (nodeId >= 0) {
            updateRequested = true;
        }
    }

    /**
     * Sends a Metadata request if one is due and a broker is reachable.
     *
     * @return how long the I/O thread may sleep before this needs to run again
     */
    public long maybeUpdate(Network network, long nowMs) {
        if (inFlight) {
            return Long.MAX_VALUE;
        }
        if (resolution != null && !resolution.check(nowMs)) {
            RuntimeException error = resolution.failure();
            if (error == null) {
                return Math.max(1, settings.retryBackoffMs());
            }
            if (!fatalReported) {
                fatalReported = true;
                onFatal.accept(error);
            }
            return Long.MAX_VALUE;
        }
        long dueAt = dueAtMs();
        if (nowMs < dueAt) {
            return dueAt - nowMs;
        }
        BrokerEndpoint node = pickNode(network, nowMs);
        if (node == null) {
            // Every candidate is backing off; look again once the nearest backoff ends.
            return Math.max(1, settings.retryBackoffMs());
        }
        if (!network.ready(node, nowMs)) {
            if (network.isConnecting(node.id()) || network.isConnected(node.id())) {
                return Long.MAX_VALUE;
            }
            return Math.max(1, network.connectionDelayMs(node.id(), nowMs));
        }
        send(network, node, nowMs);
        return Long.MAX_VALUE;
    }

    private long dueAtMs() {
        long backoffUntil = lastAttemptMs + (consecutiveFailures == 0 ? 0 : backoff.nominalMs(consecutiveFailures - 1));
        if (newTopics) {
            // A new topic is worth asking for at once, yet not more often than the retry backoff.
            return Math.max(backoffUntil, lastAttemptMs + Math.min(settings.retryBackoffMs(), 50));
        }
        if (updateRequested) {
            return Math.max(backoffUntil, lastAttemptMs + settings.retryBackoffMs());
        }
        return Math.max(backoffUntil, lastSuccessMs + settings.maxAgeMs());
    }

    private BrokerEndpoint pickNode(Network network, long nowMs) {
        if (!useBootstrap
                && settings.rebootstrap()
                && firstFailureMs >= 0
                && nowMs - firstFailureMs >= settings.rebootstrapTriggerMs()) {
            LOG.log(Level.INFO, "no metadata for {0} ms; going back to bootstrap.servers", nowMs - firstFailureMs);
            useBootstrap = true;
        }
        List<BrokerEndpoint> candidates = useBootstrap || clusterEndpoints.isEmpty() ? bootstrap : clusterEndpoints;
        BrokerEndpoint node = leastLoadedNotFailed(network, candidates, nowMs);
        if (node == null && candidates != bootstrap && settings.rebootstrap()) {
            // Every known broker is unreachable: the cluster may have moved entirely.
            LOG.log(Level.INFO, "no known broker is reachable; going back to bootstrap.servers");
            useBootstrap = true;
            node = leastLoadedNotFailed(network, bootstrap, nowMs);
        }
        return node;
    }

    /** The least loaded candidate, passing over those that failed a Metadata request while another is usable. */
    private BrokerEndpoint leastLoadedNotFailed(Network network, List<BrokerEndpoint> candidates, long nowMs) {
        if (!failedSinceSuccess.isEmpty()) {
            List<BrokerEndpoint> others = new ArrayList<>(candidates.size());
            for (BrokerEndpoint c : candidates) {
                if (!failedSinceSuccess.contains(address(c))) {
                    others.add(c);
                }
            }
            BrokerEndpoint other = others.isEmpty() ? null : network.leastLoadedNode(others, nowMs);
            if (other != null) {
                return other;
            }
            // Every usable broker failed once already: start the round again.
            failedSinceSuccess.clear();
        }
        return network.leastLoadedNode(candidates, nowMs);
    }

    private static String address(BrokerEndpoint node) {
        return node.host() + ":" + node.port();
    }

    private void send(Network network, BrokerEndpoint node, long nowMs) {
        expireIdleTopics(nowMs);
        List<MetadataRequest.Topic> wanted = new ArrayList<>(topics.size());
        for (String t : topics.keySet()) {
            wanted.add(MetadataRequest.Topic.named(t));
        }
        // Auto-creation is the broker's choice (auto.create.topics.enable), as for Kafka's producer.
        MetadataRequest request = new MetadataRequest(List.copyOf(wanted), true, false, false);
        inFlight = true;
        lastAttemptMs = nowMs;
        newTopics = false;
        updateRequested = false;
        network.send(node.id(), request, true, new Handler(node), nowMs);
    }

    private void expireIdleTopics(long nowMs) {
        topics.entrySet().removeIf(e -> nowMs - e.getValue() > settings.maxIdleMs());
    }

    /** Handles the answer to the one Metadata request in flight. */
    private final class Handler implements ResponseHandler {
        private final BrokerEndpoint node;

        Handler(BrokerEndpoint node) {
            this.node = node;
        }

        @Override
        public void onResponse(ByteReader body, short version, long nowMs) {
            inFlight = false;
            MetadataResponse response = MetadataResponse.read(body, version);
            if (response.brokers().isEmpty()) {
                failedSinceSuccess.add(address(node));
            }
            if (response.error() == Errors.REBOOTSTRAP_REQUIRED) {
                LOG.log(Level.INFO, "{0} asked for a rebootstrap", node);
                useBootstrap = true;
                failed(nowMs);
                return;
            }
            if (response.brokers().isEmpty()) {
                failed(nowMs);
                return;
            }
            apply(response, nowMs);
        }

        @Override
        public void onFailure(IOException cause, long nowMs) {
            inFlight = false;
            LOG.log(Level.DEBUG, "metadata request to {0} failed: {1}", node, cause.toString());
            failedSinceSuccess.add(address(node));
            failed(nowMs);
        }
    }

    private void failed(long nowMs) {
        consecutiveFailures++;
        if (firstFailureMs < 0) {
            firstFailureMs = nowMs;
        }
        updateRequested = true;
    }

    private void apply(MetadataResponse response, long nowMs) {
        Cluster previous = cluster;
        List<Node> nodes = new ArrayList<>(response.brokers().size());
        List<BrokerEndpoint> endpoints = new ArrayList<>(response.brokers().size());
        for (MetadataResponse.Broker b : response.brokers()) {
            nodes.add(new Node(b.nodeId(), b.host(), b.port(), b.rack()));
            endpoints.add(new BrokerEndpoint(b.nodeId(), b.host(), b.port()));
        }
        List<Cluster.TopicMetadata> known = new ArrayList<>();
        Set<String> unauthorized = new HashSet<>();
        Set<String> invalid = new HashSet<>();
        boolean incomplete = false;
        for (MetadataResponse.Topic t : response.topics()) {
            Errors error = t.error();
            switch (error) {
                case NONE -> {
                    TopicOutcome outcome = topicMetadata(t, previous);
                    known.add(outcome.metadata());
                    incomplete |= outcome.missingLeader();
                }
                case TOPIC_AUTHORIZATION_FAILED -> unauthorized.add(t.name());
                case INVALID_TOPIC_EXCEPTION -> invalid.add(t.name());
                default -> {
                    // UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE (being created), ...: ask again soon.
                    incomplete = true;
                    LOG.log(Level.DEBUG, "metadata for {0}: {1}", t.name(), error.name());
                }
            }
        }
        Cluster next = new Cluster(response.clusterId(), nodes, known, unauthorized, invalid);
        cluster = next;
        clusterEndpoints = List.copyOf(endpoints);
        useBootstrap = false;
        lastSuccessMs = nowMs;
        firstFailureMs = -1;
        failedSinceSuccess.clear();
        consecutiveFailures = incomplete ? Math.max(1, consecutiveFailures + 1) : 0;
        if (incomplete) {
            updateRequested = true;
        }
        onUpdate.accept(next, nowMs);
    }

    /**
     * Applies the leader a Produce response named (KIP-951) without waiting for a metadata round trip, if it
     * is newer than what we know and the broker is known. I/O thread.
     */
    public void applyLeaderHint(String topic, int partition, int leaderId, int leaderEpoch, long nowMs) {
        Cluster current = cluster;
        Cluster.PartitionState old = current.partitionState(topic, partition);
        if (leaderId < 0 || old == null || leaderEpoch <= old.leaderEpoch() || current.node(leaderId) == null) {
            return;
        }
        List<Cluster.TopicMetadata> topicsNow = new ArrayList<>(current.topics().size());
        for (String name : current.topics()) {
            int count = current.partitionCount(name);
            List<Cluster.PartitionState> states = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Cluster.PartitionState ps = current.partitionState(name, i);
                if (ps == null) {
                    continue;
                }
                if (name.equals(topic) && i == partition) {
                    ps = new Cluster.PartitionState(
                            i, leaderId, leaderEpoch, ps.replicas(), ps.isr(), ps.offlineReplicas());
                }
                states.add(ps);
            }
            topicsNow.add(new Cluster.TopicMetadata(name, current.topicId(name), states));
        }
        Cluster next = new Cluster(
                current.clusterId(), current.nodes(), topicsNow, current.unauthorizedTopics(), current.invalidTopics());
        cluster = next;
        LOG.log(
                Level.DEBUG,
                "{0}-{1}: leader {2} at epoch {3} from a Produce response",
                topic,
                partition,
                leaderId,
                leaderEpoch);
        onUpdate.accept(next, nowMs);
    }

    private record TopicOutcome(Cluster.TopicMetadata metadata, boolean missingLeader) {}

    /**
     * Converts one topic, keeping the previous state of any partition whose leader epoch went backwards:
     * a lagging broker must not move a leader back to where it was.
     */
    private static TopicOutcome topicMetadata(MetadataResponse.Topic t, Cluster previous) {
        List<Cluster.PartitionState> partitions = new ArrayList<>(t.partitions().size());
        boolean missingLeader = false;
        for (MetadataResponse.Partition p : t.partitions()) {
            Cluster.PartitionState old = previous.partitionState(t.name(), p.partitionIndex());
            if (old != null && p.leaderEpoch() >= 0 && old.leaderEpoch() > p.leaderEpoch()) {
                partitions.add(old);
                continue;
            }
            if (p.leaderId() < 0) {
                missingLeader = true;
            }
            partitions.add(new Cluster.PartitionState(
                    p.partitionIndex(),
                    p.leaderId(),
                    p.leaderEpoch(),
                    toArray(p.replicaNodes()),
                    toArray(p.isrNodes()),
                    toArray(p.offlineReplicas())));
        }
        return new TopicOutcome(new Cluster.TopicMetadata(t.name(), t.topicId(), partitions), missingLeader);
    }

    private static int[] toArray(List<Integer> ids) {
        if (ids == null) {
            return new int[0];
        }
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(i);
        }
        return out;
    }
}
