package io.sluice.producer.internal.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes metrics as an OTLP {@code MetricsData} protobuf message (opentelemetry-proto
 * {@code opentelemetry/proto/metrics/v1/metrics.proto}), the payload KIP-714 puts in PushTelemetry. Only the
 * part of the data model a producer needs: number data points in Gauges and monotonic Sums, and string
 * attributes.
 *
 * <pre>
 * MetricsData        1 resource_metrics  ResourceMetrics (repeated)
 * ResourceMetrics    1 resource          Resource { 1 attributes KeyValue (repeated) }
 *                    2 scope_metrics     ScopeMetrics (repeated)
 * ScopeMetrics       1 scope             InstrumentationScope { 1 name, 2 version }
 *                    2 metrics           Metric (repeated)
 * Metric             1 name  2 description  3 unit  5 gauge Gauge  7 sum Sum
 * Gauge              1 data_points       NumberDataPoint (repeated)
 * Sum                1 data_points  2 aggregation_temporality (1 DELTA, 2 CUMULATIVE)  3 is_monotonic bool
 * NumberDataPoint    7 attributes KeyValue (repeated)  2 start_time_unix_nano fixed64
 *                    3 time_unix_nano fixed64  4 as_double double
 * KeyValue           1 key string  2 value AnyValue { 1 string_value }
 * </pre>
 */
final class OtlpMetrics {
    static final int AGGREGATION_TEMPORALITY_DELTA = 1;
    static final int AGGREGATION_TEMPORALITY_CUMULATIVE = 2;

    private OtlpMetrics() {}

    /**
     * One {@code MetricsData} holding every point, points of the same name in one Metric, in the order given.
     *
     * @param resource attributes of the client as a whole, e.g. {@code client_id}
     * @param scopeName the instrumentation scope, e.g. the library's package
     * @param scopeVersion the library's version
     * @param deltaTemporality whether Sum values are deltas (else cumulative)
     */
    static byte[] encode(
            Map<String, String> resource,
            String scopeName,
            String scopeVersion,
            boolean deltaTemporality,
            List<TelemetryPoint> points) {
        Map<String, List<TelemetryPoint>> byName = new LinkedHashMap<>();
        for (TelemetryPoint p : points) {
            byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
        }
        int temporality = deltaTemporality ? AGGREGATION_TEMPORALITY_DELTA : AGGREGATION_TEMPORALITY_CUMULATIVE;
        ProtobufWriter data = new ProtobufWriter();
        data.message(
                1,
                rm -> rm.message(1, r -> attributes(r, 1, resource)).message(2, sm -> {
                    sm.message(1, scope -> scope.string(1, scopeName).string(2, scopeVersion));
                    for (List<TelemetryPoint> same : byName.values()) {
                        sm.message(2, metric -> metric(metric, same, temporality));
                    }
                }));
        return data.toByteArray();
    }

    private static void metric(ProtobufWriter w, List<TelemetryPoint> points, int temporality) {
        TelemetryPoint first = points.get(0);
        w.string(1, first.name()).string(2, first.description());
        if (first.sum()) {
            w.message(7, sum -> {
                dataPoints(sum, points);
                sum.uint64(2, temporality).bool(3, true);
            });
        } else {
            w.message(5, gauge -> dataPoints(gauge, points));
        }
    }

    private static void dataPoints(ProtobufWriter w, List<TelemetryPoint> points) {
        for (TelemetryPoint p : points) {
            w.message(1, dp -> {
                attributes(dp, 7, p.attributes());
                dp.fixed64(2, p.startNanos()).fixed64(3, p.timeNanos()).doubleAlways(4, p.value());
            });
        }
    }

    private static void attributes(ProtobufWriter w, int field, Map<String, String> attributes) {
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            w.message(field, kv -> kv.string(1, a.getKey()).message(2, any -> any.stringAlways(1, a.getValue())));
        }
    }
}
