package io.sluice.producer.internal.telemetry;

import java.util.Map;

/**
 * One value of one metric at one push, in OTLP's terms.
 *
 * @param name the KIP-714 name, e.g. {@code org.apache.kafka.producer.record.send.rate}
 * @param description what the metric measures
 * @param sum true for a monotonic counter (an OTLP Sum), false for a Gauge
 * @param attributes the metric's tags, with snake_case keys
 * @param value the value: for a Sum, cumulative or the delta since {@code startNanos}
 * @param startNanos for a Sum, when the value began counting (Unix epoch nanoseconds); 0 for a Gauge
 * @param timeNanos when the value was read (Unix epoch nanoseconds)
 */
record TelemetryPoint(
        String name,
        String description,
        boolean sum,
        Map<String, String> attributes,
        double value,
        long startNanos,
        long timeNanos) {}
