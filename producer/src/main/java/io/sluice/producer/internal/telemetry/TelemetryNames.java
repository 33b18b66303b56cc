package io.sluice.producer.internal.telemetry;

import io.sluice.producer.metrics.MetricName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * KIP-714's metric naming, as kafka-clients applies it: {@code org.apache.kafka.} then the group and the
 * name, lower case, hyphens turned into dots, and the group's {@code -metrics} suffix dropped. So
 * {@code record-send-rate} of {@code producer-metrics} is {@code org.apache.kafka.producer.record.send.rate},
 * and {@code request-latency-avg} of {@code producer-node-metrics} is
 * {@code org.apache.kafka.producer.node.request.latency.avg}. Tag keys become snake_case ({@code node-id} to
 * {@code node_id}).
 */
final class TelemetryNames {
    static final String PREFIX = "org.apache.kafka";

    private TelemetryNames() {}

    /** The telemetry name of a producer metric. */
    static String telemetryName(MetricName name) {
        String group = dotted(name.group());
        if (group.endsWith(".metrics")) {
            group = group.substring(0, group.length() - ".metrics".length());
        }
        return PREFIX + "." + group + "." + dotted(name.name());
    }

    /** The tags with snake_case keys, {@code client-id} left out: it is an attribute of the resource. */
    static Map<String, String> attributes(Map<String, String> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!t.getKey().equals("client-id")) {
                out.put(t.getKey().toLowerCase(Locale.ROOT).replace('-', '_'), t.getValue());
            }
        }
        return out;
    }

    /**
     * Whether a subscription of these name prefixes covers {@code telemetryName}: one empty prefix means every
     * metric, no prefix none.
     */
    static boolean requested(List<String> prefixes, String telemetryName) {
        for (String prefix : prefixes) {
            if (telemetryName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String dotted(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '.');
    }
}
