package io.sluice.bench.compare;

import io.sluice.cli.Escapes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** compare.json: the machine, the command, every counted run and the summary per configuration. */
final class JsonReport {
    private JsonReport() {}

    static void write(Results results, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json(toMap(results)) + "\n", StandardCharsets.UTF_8);
    }

    static Map<String, Object> toMap(Results results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("arguments", results.arguments());
        root.put("started", results.started().toString());
        root.put("finished", String.valueOf(results.finished()));
        root.put("machine", Machine.describe());
        List<Object> configs = new ArrayList<>();
        for (Results.ConfigResults cr : results.configs()) {
            configs.add(config(cr));
        }
        root.put("configurations", configs);
        return root;
    }

    private static Map<String, Object> config(Results.ConfigResults cr) {
        BenchConfig c = cr.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("description", c.describe());
        m.put("settings", new LinkedHashMap<String, Object>(c.displaySettings()));
        m.put("tls", c.tls());
        if (c.tls()) {
            m.put("tls_settings", TlsSetup.clientSettingsForDisplay());
        }
        m.put("records", c.records());
        m.put("warmup_records", c.warmupRecords());
        m.put("record_size", c.recordSize());
        m.put("keys", c.keys());
        m.put("partitions", c.partitions());
        m.put("brokers", c.brokers());
        m.put("replication_factor", c.replicationFactor());
        m.put("throughput", c.throughput());
        Map<String, Object> clients = new LinkedHashMap<>();
        for (String client : cr.runs().keySet()) {
            Map<String, Object> summary = new LinkedHashMap<>();
            cr.spreads(client).forEach((k, s) -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("median", s.median());
                f.put("min", s.min());
                f.put("max", s.max());
                f.put("runs", s.count());
                summary.put(k, f);
            });
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("summary", summary);
            cm.put("runs", cr.values(client));
            clients.put(client, cm);
        }
        m.put("clients", clients);
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (Figure f : Figure.ALL) {
            ratios.put(f.key(), cr.ratio(f.key()));
        }
        m.put("ratio_sluice_over_kafka", ratios);
        m.put("failures", cr.failures());
        return m;
    }

    /** Writes maps, lists, strings, numbers and booleans as JSON; NaN and infinities become null. */
    static String json(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value, "");
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object v, String indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> map) {
            appendMap(sb, map, indent);
        } else if (v instanceof List<?> list) {
            appendList(sb, list, indent);
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6g", d));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            Escapes.jsonString(sb, v.toString());
        }
    }

    private static void appendMap(StringBuilder sb, Map<?, ?> map, String indent) {
        String inner = indent + "  ";
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            sb.append(first ? "\n" : ",\n").append(inner);
            first = false;
            Escapes.jsonString(sb, e.getKey().toString());
            sb.append(": ");
            append(sb, e.getValue(), inner);
        }
        sb.append(first ? "}" : "\n" + indent + "}");
    }

    private static void appendList(StringBuilder sb, List<?> list, String indent) {
        boolean scalars = list.stream().noneMatch(x -> x instanceof Map || x instanceof List);
        if (scalars) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                append(sb, list.get(i), indent);
            }
            sb.append(']');
            return;
        }
        String inner = indent + "  ";
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n").append(inner);
            append(sb, list.get(i), inner);
        }
        sb.append(list.isEmpty() ? "]" : "\n" + indent + "]");
    }
}
