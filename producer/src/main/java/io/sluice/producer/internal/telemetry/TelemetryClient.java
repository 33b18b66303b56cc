package io.sluice.producer.internal.telemetry;

import io.sluice.producer.Node;
import io.sluice.producer.ProducerConfig;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.metrics.MetricsRegistry;
import io.sluice.producer.internal.net.BrokerEndpoint;
import io.sluice.producer.internal.net.ExponentialBackoff;
import io.sluice.producer.internal.net.Network;
import io.sluice.producer.internal.net.ResponseHandler;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.GetTelemetrySubscriptionsRequest;
import io.sluice.protocol.message.GetTelemetrySubscriptionsResponse;
import io.sluice.protocol.message.PushTelemetryRequest;
import io.sluice.protocol.message.PushTelemetryResponse;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.Uuid;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * KIP-714 client telemetry, driven by the network thread: one {@link #poll(long)} per loop iteration sends
 * what is due through the producer's own {@link Network}.
 *
 * <pre>
 *            +-----------------------------------------------+
 *            v                                               | UNKNOWN_SUBSCRIPTION_ID, connection lost,
 *   SUBSCRIBE --GetTelemetrySubscriptions--> WAIT_TO_PUSH --PushTelemetry--> (every push interval)
 *      |   ^  (empty subscription: ask again after the interval)    |
 *      |   +-------------------------------------------------------+
 *      | broker without the APIs, INVALID_REQUEST, INVALID_RECORD
 *      v
 *    OFF                 close: one push with terminating=true, then DONE
 * </pre>
 *
 * <p>It picks one broker (the least loaded, once metadata names the brokers) and stays with it while the
 * connection lives. The first request carries the zero UUID; the broker's answer assigns the client instance
 * id, which every later request carries. A broker that does not offer the APIs (Kafka hides them when no
 * telemetry plugin is configured) turns telemetry off with one debug line: nothing here logs above debug,
 * since telemetry is a broker-side choice the application cannot act on.
 */
public final class TelemetryClient {
    private static final System.Logger LOG = System.getLogger(TelemetryClient.class.getName());
    private static final String SCOPE = "io.sluice.producer";
    private static final String VERSION = "0.1.0";

    private enum State {
        SUBSCRIBE,
        SUBSCRIBING,
        WAIT_TO_PUSH,
        PUSHING,
        TERMINATING_PUSH,
        DONE,
        OFF
    }

    private final Network network;
    private final Supplier<List<Node>> brokers;
    private final MetricsCollector collector;
    private final Map<String, String> resource;
    private final ExponentialBackoff backoff;
    private final Random jitter;
    private final ClientInstanceId published = new ClientInstanceId();

    private State state = State.SUBSCRIBE;
    private boolean closing;
    private BrokerEndpoint node;
    private Uuid instanceId = Uuid.ZERO;
    private GetTelemetrySubscriptionsResponse subscription;
    private long nextActionMs;
    private int failures;
    private boolean loggedEmpty;

    /**
     * @param network the producer's network client, used from the network thread only
     * @param brokers the brokers of the current metadata
     * @param collector reads the subscribed metrics
     * @param resource attributes of the whole client, e.g. {@code client_id}
     * @param retryBackoffMs {@code retry.backoff.ms}: the first wait after a failure
     * @param retryBackoffMaxMs {@code retry.backoff.max.ms}: the longest wait after failures
     * @param jitter the randomness of the first push's delay
     */
    TelemetryClient(
            Network network,
            Supplier<List<Node>> brokers,
            MetricsCollector collector,
            Map<String, String> resource,
            long retryBackoffMs,
            long retryBackoffMaxMs,
            Random jitter) {
        this.network = network;
        this.brokers = brokers;
        this.collector = collector;
        this.resource = new LinkedHashMap<>(resource);
        this.backoff = new ExponentialBackoff(retryBackoffMs, retryBackoffMaxMs, 0.2);
        this.jitter = jitter;
    }

    /**
     * The telemetry of a producer: on when {@code enable.metrics.push} is true, else a client that never sends.
     *
     * @param config the producer's settings
     * @param clientId the producer's {@code client.id}
     * @param network the producer's network client
     * @param cluster the current metadata
     * @param metrics the producer's metrics registry
     * @param nowMs the producer's start, Unix epoch milliseconds
     */
    public static TelemetryClient forProducer(
            ProducerConfig config,
            String clientId,
            Network network,
            Supplier<Cluster> cluster,
            MetricsRegistry metrics,
            long nowMs) {
        if (!config.getBoolean(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG)) {
            TelemetryClient off = new TelemetryClient(network, List::of, null, Map.of(), 1, 1, new Random());
            off.turnOff("enable.metrics.push=false");
            return off;
        }
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("client_id", clientId);
        String transactionalId = config.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        if (transactionalId != null) {
            resource.put("transactional_id", transactionalId);
        }
        return new TelemetryClient(
                network,
                () -> cluster.get().nodes(),
                new MetricsCollector(metrics::metrics, nowMs),
                resource,
                config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                config.getLong(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG),
                new Random());
    }

    /**
     * Sends what is due at {@code nowMs}.
     *
     * @return how long the network thread may wait before telemetry needs another poll
     */
    public long poll(long nowMs) {
        try {
            return switch (state) {
                case SUBSCRIBE -> closing ? finish() : nowMs < nextActionMs ? nextActionMs - nowMs : subscribe(nowMs);
                case WAIT_TO_PUSH -> nowMs < nextActionMs && !closing ? nextActionMs - nowMs : push(nowMs);
                case TERMINATING_PUSH -> push(nowMs);
                case SUBSCRIBING, PUSHING, DONE, OFF -> Long.MAX_VALUE;
            };
        } catch (RuntimeException e) {
            // Telemetry must never hurt producing: a request that cannot be sent is retried after a backoff.
            LOG.log(Level.DEBUG, "client telemetry request failed to go out; will retry", e);
            return retryLater(nowMs);
        }
    }

    /** The producer is closing: push once more with {@code terminating=true} if subscribed, then stop. */
    public void initiateClose() {
        closing = true;
        if (state == State.WAIT_TO_PUSH) {
            state = State.TERMINATING_PUSH;
        } else if (state == State.SUBSCRIBE) {
            finish();
        }
    }

    /** Whether closing still waits for the terminating push. */
    public boolean hasPendingWork() {
        return closing && state != State.DONE && state != State.OFF;
    }

    /** The client instance id, waiting up to {@code timeout}; null if none arrived in time or none will. */
    public UUID clientInstanceId(Duration timeout) throws InterruptedException {
        return published.await(timeout);
    }

    private long subscribe(long nowMs) {
        BrokerEndpoint target = connectedBroker(nowMs);
        if (target == null) {
            return checkAgainLater(nowMs); // no broker known, or the connection is still being set up
        }
        if (network.apiVersion(target.id(), ApiKey.GET_TELEMETRY_SUBSCRIPTIONS) < 0
                || network.apiVersion(target.id(), ApiKey.PUSH_TELEMETRY) < 0) {
            return turnOff("broker " + target.id() + " does not offer client telemetry (KIP-714)");
        }
        state = State.SUBSCRIBING;
        network.send(
                target.id(), new GetTelemetrySubscriptionsRequest(instanceId), true, new SubscriptionHandler(), nowMs);
        return Long.MAX_VALUE;
    }

    private long push(long nowMs) {
        boolean terminating = closing;
        if (node == null || !network.isConnected(node.id())) {
            // A closing producer does not connect again just to say goodbye.
            return terminating ? finish() : resubscribe(nowMs, "the telemetry broker's connection is gone");
        }
        if (!network.isReady(node.id())) {
            return checkAgainLater(nowMs); // connected, but every in-flight slot is taken
        }
        List<TelemetryPoint> points =
                collector.collect(subscription.requestedMetrics(), subscription.deltaTemporality(), nowMs);
        byte[] payload = OtlpMetrics.encode(resource, SCOPE, VERSION, subscription.deltaTemporality(), points);
        PayloadCompression.Encoded encoded = PayloadCompression.choose(subscription.acceptedCompressionTypes())
                .apply(payload);
        if (encoded.bytes().length > subscription.telemetryMaxBytes()) {
            LOG.log(
                    Level.DEBUG,
                    "client telemetry payload of {0} bytes exceeds the broker''s {1}; skipping this push",
                    encoded.bytes().length,
                    subscription.telemetryMaxBytes());
            return terminating ? finish() : waitForNextPush(nowMs);
        }
        PushTelemetryRequest request = new PushTelemetryRequest(
                instanceId, subscription.subscriptionId(), terminating, encoded.compressionType(), encoded.bytes());
        network.send(node.id(), request, true, new PushHandler(terminating), nowMs);
        state = State.PUSHING;
        return Long.MAX_VALUE;
    }

    /** The chosen broker if it is ready; else starts connecting to the least loaded one and returns null. */
    private BrokerEndpoint connectedBroker(long nowMs) {
        if (node == null) {
            List<BrokerEndpoint> candidates = new ArrayList<>();
            for (Node n : brokers.get()) {
                candidates.add(new BrokerEndpoint(n.id(), n.host(), n.port()));
            }
            node = candidates.isEmpty() ? null : network.leastLoadedNode(candidates, nowMs);
            if (node == null) {
                return null;
            }
        }
        if (network.ready(node, nowMs)) {
            return node;
        }
        if (!network.isConnecting(node.id()) && network.isBackingOff(node.id(), nowMs)) {
            node = null; // that broker cannot be reached now: choose again next time
        }
        return null;
    }

    private void onSubscription(GetTelemetrySubscriptionsResponse response, long nowMs) {
        Errors error = response.error();
        if (error == Errors.UNSUPPORTED_VERSION || error == Errors.INVALID_REQUEST) {
            turnOff("GetTelemetrySubscriptions failed with " + error.name());
            return;
        }
        if (error != Errors.NONE) {
            LOG.log(Level.DEBUG, "GetTelemetrySubscriptions failed with {0}; will retry", error.name());
            retryLater(nowMs);
            return;
        }
        failures = 0;
        if (!response.clientInstanceId().isZero()) {
            instanceId = response.clientInstanceId();
            published.set(new UUID(instanceId.mostSignificantBits(), instanceId.leastSignificantBits()));
        }
        boolean changed = subscription == null || subscription.subscriptionId() != response.subscriptionId();
        subscription = response;
        int interval = Math.max(1, response.pushIntervalMs());
        if (response.requestedMetrics().isEmpty()) {
            if (!loggedEmpty) {
                LOG.log(Level.DEBUG, "no client metrics subscribed by the broker; asking again every {0} ms", interval);
                loggedEmpty = true;
            }
            state = closing ? State.DONE : State.SUBSCRIBE;
            nextActionMs = nowMs + interval;
            return;
        }
        state = closing ? State.TERMINATING_PUSH : State.WAIT_TO_PUSH;
        // The first push of a subscription waits 0.5 to 1.5 intervals, so clients started together spread out.
        nextActionMs = nowMs + (changed ? (long) (interval * (0.5 + jitter.nextDouble())) : interval);
    }

    private void onPush(boolean terminating, PushTelemetryResponse response, long nowMs) {
        Errors error = response.error();
        if (terminating) {
            finish();
            return;
        }
        switch (error) {
            case NONE, THROTTLING_QUOTA_EXCEEDED, TELEMETRY_TOO_LARGE -> {
                failures = 0;
                waitForNextPush(nowMs);
            }
            case UNKNOWN_SUBSCRIPTION_ID, UNSUPPORTED_COMPRESSION_TYPE -> resubscribe(nowMs, error.name());
            case INVALID_REQUEST, INVALID_RECORD -> turnOff("PushTelemetry failed with " + error.name());
            default -> {
                LOG.log(Level.DEBUG, "PushTelemetry failed with {0}; subscribing again", error.name());
                retryLater(nowMs);
            }
        }
        if (closing && state == State.WAIT_TO_PUSH) {
            state = State.TERMINATING_PUSH;
        }
    }

    private void onFailure(IOException cause, long nowMs) {
        LOG.log(Level.DEBUG, "client telemetry request failed: {0}", cause.toString());
        node = null;
        if (closing) {
            finish();
        } else {
            retryLater(nowMs);
        }
    }

    private long waitForNextPush(long nowMs) {
        state = State.WAIT_TO_PUSH;
        nextActionMs = nowMs + Math.max(1, subscription.pushIntervalMs());
        return nextActionMs - nowMs;
    }

    private long resubscribe(long nowMs, String why) {
        LOG.log(Level.DEBUG, "client telemetry subscribing again: {0}", why);
        state = State.SUBSCRIBE;
        nextActionMs = nowMs;
        return 0;
    }

    private long retryLater(long nowMs) {
        state = closing ? State.DONE : State.SUBSCRIBE;
        long delay = backoff.backoffMs(failures++);
        nextActionMs = nowMs + delay;
        return delay;
    }

    /** Waits the base backoff before looking again, so the loop does not re-check on every iteration. */
    private long checkAgainLater(long nowMs) {
        long delay = backoff.backoffMs(0);
        nextActionMs = nowMs + delay;
        return delay;
    }

    private long turnOff(String why) {
        LOG.log(Level.DEBUG, "client telemetry off: {0}", why);
        state = State.OFF;
        published.none();
        return Long.MAX_VALUE;
    }

    private long finish() {
        state = State.DONE;
        published.none();
        return Long.MAX_VALUE;
    }

    private final class SubscriptionHandler implements ResponseHandler {
        @Override
        public void onResponse(ByteReader body, short version, long nowMs) {
            onSubscription(GetTelemetrySubscriptionsResponse.read(body, version), nowMs);
        }

        @Override
        public void onFailure(IOException cause, long nowMs) {
            TelemetryClient.this.onFailure(cause, nowMs);
        }
    }

    private final class PushHandler implements ResponseHandler {
        private final boolean terminating;

        PushHandler(boolean terminating) {
            this.terminating = terminating;
        }

        @Override
        public void onResponse(ByteReader body, short version, long nowMs) {
            onPush(terminating, PushTelemetryResponse.read(body, version), nowMs);
        }

        @Override
        public void onFailure(IOException cause, long nowMs) {
            TelemetryClient.this.onFailure(cause, nowMs);
        }
    }
}
