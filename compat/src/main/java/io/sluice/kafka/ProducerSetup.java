package io.sluice.kafka;

import io.sluice.producer.SluiceProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.common.ClusterResource;
import org.apache.kafka.common.ClusterResourceListener;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds a Sluice producer from kafka-clients settings: resolves config providers, creates the Kafka plug-ins,
 * hands Sluice the settings it understands with the plug-ins bridged, then configures the plug-ins as kafka-clients
 * does (the settings plus {@code client.id}; serializer instances given by the caller are left as they are).
 */
record ProducerSetup<K, V>(
        SluiceProducer<K, V> sluice,
        KafkaInterceptorChain<K, V> interceptors,
        KafkaMetricsView metrics,
        String clientId) {
    static final String KEY_SERIALIZER = "key.serializer";
    static final String VALUE_SERIALIZER = "value.serializer";
    static final String PARTITIONER = "partitioner.class";
    static final String INTERCEPTORS = "interceptor.classes";
    static final String REPORTERS = "metric.reporters";
    private static final String CONTEXT_PREFIX = "metrics.context.";

    @SuppressWarnings("unchecked")
    static <K, V> ProducerSetup<K, V> create(
            Map<String, ?> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        Map<String, Object> settings = ConfigProviders.resolve(configs);
        List<Object> created = new ArrayList<>();
        SluiceProducer<K, V> sluice = null;
        try {
            Serializer<K> key = keySerializer != null
                    ? keySerializer
                    : (Serializer<K>) track(
                            created,
                            KafkaPlugins.create(KEY_SERIALIZER, required(settings, KEY_SERIALIZER), Serializer.class));
            Serializer<V> value = valueSerializer != null
                    ? valueSerializer
                    : (Serializer<V>) track(
                            created,
                            KafkaPlugins.create(
                                    VALUE_SERIALIZER, required(settings, VALUE_SERIALIZER), Serializer.class));
            Class<?> partitionerClass = KafkaPlugins.classOf(PARTITIONER, settings.get(PARTITIONER));
            Partitioner partitioner = partitionerClass != null && Partitioner.class.isAssignableFrom(partitionerClass)
                    ? track(created, KafkaPlugins.instantiate(PARTITIONER, partitionerClass, Partitioner.class))
                    : null;
            List<ProducerInterceptor<K, V>> interceptors = (List<ProducerInterceptor<K, V>>) (List<?>)
                    KafkaPlugins.createAll(INTERCEPTORS, settings.get(INTERCEPTORS), ProducerInterceptor.class);
            created.addAll(interceptors);
            List<MetricsReporter> reporters = reporters(settings);
            created.addAll(reporters);

            sluice = startSluice(settings, key, value, partitioner);
            String clientId = sluice.config().clientId();
            Map<String, Object> pluginSettings = new HashMap<>(settings);
            pluginSettings.put("client.id", clientId);
            if (keySerializer == null) {
                key.configure(pluginSettings, true);
            }
            if (valueSerializer == null) {
                value.configure(pluginSettings, false);
            }
            if (partitioner != null) {
                partitioner.configure(pluginSettings);
            }
            for (ProducerInterceptor<K, V> i : interceptors) {
                i.configure(pluginSettings);
            }
            for (MetricsReporter r : reporters) {
                r.configure(pluginSettings);
            }
            KafkaMetricsView metrics = new KafkaMetricsView(
                    clientId, reporters, contextLabels(settings), sluice::metrics, sluice::kafkaMetrics);
            List<Object> listeners = new ArrayList<>(List.of(key, value));
            listeners.addAll(interceptors);
            listeners.addAll(reporters);
            announceCluster(listeners);
            return new ProducerSetup<>(sluice, new KafkaInterceptorChain<>(interceptors), metrics, clientId);
        } catch (RuntimeException e) {
            RuntimeException failure = KafkaErrors.translate(e);
            if (sluice != null) {
                sluice.close(Duration.ZERO);
            } else {
                KafkaPlugins.closeAll(failure, created.toArray());
            }
            if (failure instanceof KafkaException) {
                throw failure;
            }
            throw new KafkaException("Failed to construct kafka producer", failure);
        }
    }

    private static <T> T track(List<Object> created, T plugin) {
        created.add(plugin);
        return plugin;
    }

    private static Object required(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new org.apache.kafka.common.config.ConfigException(
                    "Missing required configuration \"" + key + "\" which has no default value.");
        }
        return value;
    }

    private static List<MetricsReporter> reporters(Map<String, Object> settings) {
        if (!settings.containsKey(REPORTERS)) {
            // kafka-clients 4.x's default; 3.x adds the same one through auto.include.jmx.reporter.
            return new ArrayList<>(List.of(new JmxReporter()));
        }
        return KafkaPlugins.createAll(REPORTERS, settings.get(REPORTERS), MetricsReporter.class);
    }

    private static Map<String, Object> contextLabels(Map<String, Object> settings) {
        Map<String, Object> labels = new HashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(CONTEXT_PREFIX)) {
                labels.put(k.substring(CONTEXT_PREFIX.length()), v);
            }
        });
        return labels;
    }

    /**
     * Tells cluster-resource listeners about the cluster, as kafka-clients does once metadata has arrived. Sluice's
     * public API does not expose the cluster id, so they hear of it with the id unknown ({@code null}, which Kafka
     * also uses for clusters that do not report one), once, when the producer is built.
     */
    private static void announceCluster(List<Object> plugins) {
        ClusterResource resource = new ClusterResource(null);
        for (Object p : plugins) {
            if (p instanceof ClusterResourceListener l) {
                l.onUpdate(resource);
            }
        }
    }

    private static <K, V> SluiceProducer<K, V> startSluice(
            Map<String, Object> settings, Serializer<K> key, Serializer<V> value, Partitioner partitioner) {
        Map<String, Object> forSluice = new HashMap<>();
        settings.forEach((k, v) -> {
            if (!isAdapterSetting(k)) {
                forSluice.put(k, v instanceof Password p ? p.value() : v);
            }
        });
        // The adapter reports through kafka-clients' own reporters (JMX included); Sluice's JMX would register the
        // same bean names a second time.
        forSluice.put(REPORTERS, "");
        if (partitioner != null) {
            forSluice.put(PARTITIONER, KafkaPartitionerBridge.class);
            KafkaPartitionerBridge.handOver(partitioner);
        }
        try {
            return new SluiceProducer<>(
                    forSluice, new KafkaSerializerBridge<>(key, true), new KafkaSerializerBridge<>(value, false));
        } finally {
            KafkaPartitionerBridge.handOver(null);
        }
    }

    /** Settings the adapter handles itself: the Kafka plug-ins and config providers. */
    private static boolean isAdapterSetting(String key) {
        return key.equals(KEY_SERIALIZER)
                || key.equals(VALUE_SERIALIZER)
                || key.equals(INTERCEPTORS)
                || key.equals(REPORTERS)
                || key.startsWith(CONTEXT_PREFIX)
                || ConfigProviders.isProviderSetting(key);
    }
}
