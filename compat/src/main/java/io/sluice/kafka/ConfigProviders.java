package io.sluice.kafka;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * Resolves {@code ${provider:path:key}} and {@code ${provider:key}} in setting values through the
 * {@link ConfigProvider}s named by {@code config.providers}, as kafka-clients does when it parses a producer's
 * settings: each provider is created from {@code config.providers.<name>.class}, configured with
 * {@code config.providers.<name>.param.*}, asked once per path for the keys used, and closed. A variable whose
 * provider or key is unknown stays as written. The system property {@code org.apache.kafka.automatic.config.providers}
 * limits which provider classes may be created, as in kafka-clients.
 */
final class ConfigProviders {
    static final String PROVIDERS = "config.providers";
    private static final String ALLOWED_PROPERTY = "org.apache.kafka.automatic.config.providers";

    private ConfigProviders() {}

    /** Whether a setting belongs to the provider configuration (and so is not passed on to Sluice). */
    static boolean isProviderSetting(String key) {
        return key.equals(PROVIDERS) || key.startsWith(PROVIDERS + ".");
    }

    /** Returns the settings with every resolvable variable replaced; the input is not changed. */
    static Map<String, Object> resolve(Map<String, ?> settings) {
        List<?> names = KafkaPlugins.items(settings.get(PROVIDERS));
        Map<String, Object> out = new HashMap<>(settings);
        if (names.isEmpty()) {
            return out;
        }
        Map<String, ConfigProvider> providers = new HashMap<>();
        try {
            for (Object n : names) {
                String name = n.toString();
                providers.put(name, create(name, settings));
            }
            for (Map.Entry<String, Object> e : out.entrySet()) {
                if (e.getValue() instanceof String s && s.contains("${") && !isProviderSetting(e.getKey())) {
                    e.setValue(substitute(s, providers));
                }
            }
            return out;
        } finally {
            KafkaPlugins.closeAll(null, providers.values().toArray());
        }
    }

    private static ConfigProvider create(String name, Map<String, ?> settings) {
        String classKey = PROVIDERS + "." + name + ".class";
        Object className = settings.get(classKey);
        if (className == null) {
            throw new ConfigException(classKey, null, "No class given for config provider " + name);
        }
        Class<?> type = KafkaPlugins.classOf(classKey, className);
        checkAllowed(classKey, type);
        ConfigProvider provider = KafkaPlugins.instantiate(classKey, type, ConfigProvider.class);
        String paramPrefix = PROVIDERS + "." + name + ".param.";
        Map<String, Object> params = new HashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(paramPrefix)) {
                params.put(k.substring(paramPrefix.length()), v);
            }
        });
        provider.configure(params);
        return provider;
    }

    private static void checkAllowed(String classKey, Class<?> type) {
        String allowed = System.getProperty(ALLOWED_PROPERTY);
        if (allowed == null) {
            return;
        }
        Set<String> names = new HashSet<>(List.of(allowed.split("\\s*,\\s*")));
        if (!names.contains(type.getName())) {
            throw new ConfigException(
                    classKey, type.getName(), type.getName() + " is not allowed by " + ALLOWED_PROPERTY);
        }
    }

    /** Replaces each {@code ${...}} of a value whose provider and key resolve; leaves the rest as written. */
    private static String substitute(String value, Map<String, ConfigProvider> providers) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (true) {
            int start = value.indexOf("${", from);
            int end = start < 0 ? -1 : value.indexOf('}', start);
            if (end < 0) {
                out.append(value, from, value.length());
                return out.toString();
            }
            out.append(value, from, start);
            String variable = value.substring(start + 2, end);
            String resolved = lookup(variable, providers);
            out.append(resolved != null ? resolved : value.substring(start, end + 1));
            from = end + 1;
        }
    }

    private static String lookup(String variable, Map<String, ConfigProvider> providers) {
        int first = variable.indexOf(':');
        if (first < 0) {
            return null;
        }
        ConfigProvider provider = providers.get(variable.substring(0, first));
        if (provider == null) {
            return null;
        }
        String rest = variable.substring(first + 1);
        int second = rest.indexOf(':');
        String path = second < 0 ? "" : rest.substring(0, second);
        String key = second < 0 ? rest : rest.substring(second + 1);
        ConfigData data = provider.get(path, Set.of(key));
        return data == null ? null : data.data().get(key);
    }
}
