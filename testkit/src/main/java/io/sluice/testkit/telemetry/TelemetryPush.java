package io.sluice.testkit.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.shaded.com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Metric;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.MetricsData;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/**
 * One PushTelemetry request as a broker's telemetry plugin received it (KIP-714).
 *
 * @param clientInstanceId the id the broker assigned the client
 * @param terminating whether the client said it is closing
 * @param contentType the payload's format as the broker names it: {@code OTLP}
 * @param data the payload after the broker decompressed it: an OTLP {@code MetricsData} message
 * @param brokerPushIntervalMs the push interval the broker expects from this client
 */
public record TelemetryPush(
        UUID clientInstanceId, boolean terminating, String contentType, byte[] data, int brokerPushIntervalMs) {

    /** Copies the payload. */
    public TelemetryPush {
        data = data.clone();
    }

    /** The payload, a copy. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The payload decoded with the OTLP classes kafka-clients ships. */
    public MetricsData metrics() {
        try {
            return MetricsData.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the push of " + clientInstanceId + " is not OTLP MetricsData", e);
        }
    }

    /** The names of every metric in the push, each once, in the order they came. */
    public Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Metric m : allMetrics()) {
            names.add(m.getName());
        }
        return names;
    }

    /** Every metric in the push, across its resources and scopes. */
    public List<Metric> allMetrics() {
        List<Metric> all = new ArrayList<>();
        for (ResourceMetrics rm : metrics().getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                all.addAll(sm.getMetricsList());
            }
        }
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TelemetryPush other
                && clientInstanceId.equals(other.clientInstanceId)
                && terminating == other.terminating
                && contentType.equals(other.contentType)
                && Arrays.equals(data, other.data)
                && brokerPushIntervalMs == other.brokerPushIntervalMs;
    }

    @Override
    public int hashCode() {
        return clientInstanceId.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "TelemetryPush[" + clientInstanceId + (terminating ? ", terminating" : "") + ", " + data.length
                + " bytes]";
    }
}
