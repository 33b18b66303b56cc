package io.sluice.producer.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.KeyValue;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Metric;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.MetricsData;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.Test;

/** Our OTLP bytes read by the protobuf classes kafka-clients ships (shaded), the reference a broker would use. */
class OtlpMetricsTest {

    @Test
    void writesGoldenBytesForOneGauge() {
        byte[] bytes = OtlpMetrics.encode(
                Map.of(), "", "", false, List.of(new TelemetryPoint("a", "", false, Map.of(), 1.0, 0, 0)));
        assertThat(bytes)
                .containsExactly(
                        0x0a, 0x18, // MetricsData.resource_metrics (field 1, LEN): 24 bytes
                        0x0a, 0x00, // ResourceMetrics.resource: no attributes
                        0x12, 0x14, // ResourceMetrics.scope_metrics (field 2): 20 bytes
                        0x0a, 0x00, // ScopeMetrics.scope: no name, no version
                        0x12, 0x10, // ScopeMetrics.metrics (field 2): 16 bytes
                        0x0a, 0x01, 'a', // Metric.name "a"
                        0x2a, 0x0b, // Metric.gauge (field 5, LEN): 11 bytes
                        0x0a, 0x09, // Gauge.data_points (field 1): 9 bytes
                        0x21, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f); // NumberDataPoint.as_double (field 4, I64) 1.0, LE
    }

    @Test
    void kafkasProtobufClassesReadWhatWeWrite() throws Exception {
        List<TelemetryPoint> points = List.of(
                new TelemetryPoint(
                        "org.apache.kafka.producer.record.send.rate",
                        "records per second",
                        false,
                        Map.of(),
                        12.5,
                        0,
                        2_000_000_000L),
                new TelemetryPoint(
                        "org.apache.kafka.producer.node.request.total",
                        "requests",
                        true,
                        Map.of("node_id", "1"),
                        7,
                        1_000_000_000L,
                        2_000_000_000L),
                new TelemetryPoint(
                        "org.apache.kafka.producer.node.request.total",
                        "requests",
                        true,
                        Map.of("node_id", "2"),
                        0,
                        1_000_000_000L,
                        2_000_000_000L));
        byte[] bytes = OtlpMetrics.encode(
                Map.of("client_id", "c-1", "empty", ""), "io.sluice.producer", "0.1.0", true, points);

        MetricsData data = MetricsData.parseFrom(bytes);
        assertThat(data.getResourceMetricsCount()).isEqualTo(1);
        assertThat(data.getResourceMetrics(0).getResource().getAttributesList())
                .extracting(KeyValue::getKey, kv -> kv.getValue().getStringValue())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("client_id", "c-1"),
                        org.assertj.core.groups.Tuple.tuple("empty", ""));
        assertThat(data.getResourceMetrics(0).getResource().getAttributesList())
                .allMatch(kv -> kv.getValue().hasStringValue());
        ScopeMetrics scope = data.getResourceMetrics(0).getScopeMetrics(0);
        assertThat(scope.getScope().getName()).isEqualTo("io.sluice.producer");
        assertThat(scope.getScope().getVersion()).isEqualTo("0.1.0");
        assertThat(scope.getMetricsList())
                .extracting(Metric::getName)
                .containsExactly(
                        "org.apache.kafka.producer.record.send.rate", "org.apache.kafka.producer.node.request.total");

        Metric gauge = scope.getMetrics(0);
        assertThat(gauge.hasGauge()).isTrue();
        assertThat(gauge.getDescription()).isEqualTo("records per second");
        NumberDataPoint rate = gauge.getGauge().getDataPoints(0);
        assertThat(rate.getAsDouble()).isEqualTo(12.5);
        assertThat(rate.getTimeUnixNano()).isEqualTo(2_000_000_000L);

        Metric sum = scope.getMetrics(1);
        assertThat(sum.hasSum()).isTrue();
        assertThat(sum.getSum().getIsMonotonic()).isTrue();
        assertThat(sum.getSum().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
        assertThat(sum.getSum().getDataPointsList()).hasSize(2);
        NumberDataPoint node1 = sum.getSum().getDataPoints(0);
        assertThat(node1.getAsDouble()).isEqualTo(7.0);
        assertThat(node1.getStartTimeUnixNano()).isEqualTo(1_000_000_000L);
        assertThat(node1.getAttributes(0).getKey()).isEqualTo("node_id");
        assertThat(node1.getAttributes(0).getValue().getStringValue()).isEqualTo("1");
        NumberDataPoint zero = sum.getSum().getDataPoints(1);
        assertThat(zero.getValueCase()).isEqualTo(NumberDataPoint.ValueCase.AS_DOUBLE); // 0.0 is still sent
    }

    @Test
    void cumulativeSumsSayCumulative() throws Exception {
        byte[] bytes = OtlpMetrics.encode(
                Map.of(), "s", "v", false, List.of(new TelemetryPoint("x.total", "", true, Map.of(), 3, 1, 2)));
        assertThat(MetricsData.parseFrom(bytes)
                        .getResourceMetrics(0)
                        .getScopeMetrics(0)
                        .getMetrics(0)
                        .getSum()
                        .getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    }

    @Test
    void writesVarintsOfEveryLength() {
        ProtobufWriter w = new ProtobufWriter();
        w.uint64(1, 1).uint64(2, 300).uint64(3, -1L);
        assertThat(w.toByteArray())
                .containsExactly(
                        0x08, 0x01, // field 1 varint 1
                        0x10, 0xac, 0x02, // field 2 varint 300
                        0x18, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01); // field 3: 2^64-1 in ten bytes
    }
}
