package io.sluice.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Producer settings gathered the way Kafka's tools gather them: a {@code --producer.config} properties file
 * first, then {@code --producer-props k=v} pairs, then {@code --bootstrap-server}, each overriding the one
 * before.
 */
final class ProducerSettings {
    static final String BOOTSTRAP = "bootstrap.servers";

    private ProducerSettings() {}

    static Map<String, Object> from(Flags flags) {
        Map<String, Object> settings = new LinkedHashMap<>();
        String file = flags.get("producer.config", null);
        if (file != null) {
            settings.putAll(readProperties(Path.of(file)));
        }
        settings.putAll(parsePairs(flags.list("producer-props")));
        String bootstrap = flags.get("bootstrap-server", null);
        if (bootstrap != null) {
            settings.put(BOOTSTRAP, bootstrap);
        }
        return settings;
    }

    static boolean hasBootstrap(Map<String, Object> settings) {
        Object v = settings.get(BOOTSTRAP);
        return v != null && !v.toString().isBlank();
    }

    static Map<String, String> parsePairs(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("expected key=value, got '" + pair + "'");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UsageException("cannot read --producer.config " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            out.put(name, props.getProperty(name));
        }
        return out;
    }
}
