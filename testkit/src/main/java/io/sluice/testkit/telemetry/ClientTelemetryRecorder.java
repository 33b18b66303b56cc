package io.sluice.testkit.telemetry;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.internal.Deadline;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.server.telemetry.ClientTelemetryContext;
import org.apache.kafka.server.telemetry.ClientTelemetryExporter;
import org.apache.kafka.server.telemetry.ClientTelemetryExporterProvider;
import org.apache.kafka.server.telemetry.ClientTelemetryPayload;

/**
 * A broker-side client telemetry plugin (KIP-714) that records every push it receives, so a test can ask what
 * arrived for a client instance id. Kafka 4.4 brokers take it from {@code metric.reporters}: a metrics reporter
 * that is also a {@link ClientTelemetryExporterProvider}. Only with such a plugin does a broker offer the
 * GetTelemetrySubscriptions and PushTelemetry APIs at all, and only for clients a client-metrics subscription
 * matches does it ask for metrics; {@link #subscribe} creates one.
 *
 * <p>Brokers run in the test's JVM, so the pushes are kept in one JVM-wide list; tests tell theirs apart by the
 * client instance id, which is unique. Thread-safe.
 *
 * <pre>{@code
 * KafkaCluster kafka = KafkaCluster.builder().brokerProperties(ClientTelemetryRecorder.brokerProperties()).start();
 * ClientTelemetryRecorder.subscribe(kafka, "producers", List.of("org.apache.kafka.producer."), 1000,
 *         "client_id=telemetry-test-.*");
 * // ... run a client with client.id=telemetry-test-1 and ask it for its client instance id ...
 * List<TelemetryPush> pushes = ClientTelemetryRecorder.awaitPushes(id, p -> !p.isEmpty(), Duration.ofSeconds(30));
 * }</pre>
 */
public final class ClientTelemetryRecorder implements MetricsReporter, ClientTelemetryExporterProvider {
    private static final List<TelemetryPush> PUSHES = new CopyOnWriteArrayList<>();
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /** Created by the broker from {@code metric.reporters}. */
    public ClientTelemetryRecorder() {}

    /** The broker properties that install this plugin ({@code metric.reporters}). */
    public static Map<String, String> brokerProperties() {
        return Map.of("metric.reporters", ClientTelemetryRecorder.class.getName());
    }

    /** Every push received so far for {@code clientInstanceId}, oldest first. */
    public static List<TelemetryPush> pushesFor(UUID clientInstanceId) {
        List<TelemetryPush> mine = new ArrayList<>();
        for (TelemetryPush p : PUSHES) {
            if (p.clientInstanceId().equals(clientInstanceId)) {
                mine.add(p);
            }
        }
        return mine;
    }

    /** Every push received so far in this JVM, oldest first. */
    public static List<TelemetryPush> allPushes() {
        return List.copyOf(PUSHES);
    }

    /**
     * Waits until the pushes of {@code clientInstanceId} satisfy {@code condition}, polling, and returns them.
     *
     * @throws IllegalStateException when {@code timeout} passes first
     */
    public static List<TelemetryPush> awaitPushes(
            UUID clientInstanceId, Predicate<List<TelemetryPush>> condition, Duration timeout) {
        Deadline.of(timeout)
                .await("pushes of client " + clientInstanceId, () -> condition.test(pushesFor(clientInstanceId)));
        return pushesFor(clientInstanceId);
    }

    /**
     * Creates or replaces the client-metrics subscription {@code name}: clients matching {@code match} (the
     * broker's selector syntax, e.g. {@code client_id=my-app-.*}; none for every client) push the metrics whose
     * names start with one of {@code metricPrefixes} every {@code intervalMs}.
     */
    public static void subscribe(
            KafkaCluster kafka, String name, Collection<String> metricPrefixes, int intervalMs, String... match) {
        List<AlterConfigOp> ops = new ArrayList<>();
        ops.add(set("metrics", String.join(",", metricPrefixes)));
        ops.add(set("interval.ms", Integer.toString(intervalMs)));
        if (match.length > 0) {
            ops.add(set("match", String.join(",", match)));
        }
        alter(kafka, name, ops);
    }

    /** Deletes the client-metrics subscription {@code name}. */
    public static void unsubscribe(KafkaCluster kafka, String name) {
        alter(
                kafka,
                name,
                List.of(
                        new AlterConfigOp(new ConfigEntry("metrics", ""), AlterConfigOp.OpType.DELETE),
                        new AlterConfigOp(new ConfigEntry("interval.ms", ""), AlterConfigOp.OpType.DELETE),
                        new AlterConfigOp(new ConfigEntry("match", ""), AlterConfigOp.OpType.DELETE)));
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    private static void alter(KafkaCluster kafka, String name, List<AlterConfigOp> ops) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(AdminClientConfig.ENABLE_METRICS_PUSH_CONFIG, "false"); // the admin must not push itself
        try (Admin admin = Admin.create(config)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.CLIENT_METRICS, name);
            admin.incrementalAlterConfigs(Map.of(resource, ops))
                    .all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing client-metrics " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not change client-metrics " + name + ": " + e, e);
        }
    }

    @Override
    public ClientTelemetryExporter clientTelemetryExporter() {
        return ClientTelemetryRecorder::record;
    }

    private static void record(ClientTelemetryContext context, ClientTelemetryPayload payload) {
        ByteBuffer data = payload.data().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        Uuid id = payload.clientInstanceId();
        PUSHES.add(new TelemetryPush(
                new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits()),
                payload.isTerminating(),
                payload.contentType(),
                bytes,
                context.pushIntervalMs()));
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void init(List<KafkaMetric> metrics) {}

    @Override
    public void metricChange(KafkaMetric metric) {}

    @Override
    public void metricRemoval(KafkaMetric metric) {}

    @Override
    public void close() {}
}
