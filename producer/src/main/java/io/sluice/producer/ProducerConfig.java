package io.sluice.producer;

import io.sluice.producer.ConfigDef.Password;
import io.sluice.producer.errors.ConfigException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer's settings, with Apache Kafka 4.x's names, meanings, defaults and rules, so an existing
 * {@code producer.properties} works unchanged.
 *
 * <p>Construction parses and validates every setting. A bad value fails with a {@link ConfigException} naming the
 * key, the value and what is allowed. Unknown keys are logged once, at WARNING, and otherwise ignored. Rules
 * between settings, as in Kafka:
 *
 * <ul>
 *   <li>{@code delivery.timeout.ms >= linger.ms + request.timeout.ms}: an error when {@code delivery.timeout.ms} was
 *       set, else it is raised to that sum with a log line;
 *   <li>idempotence needs {@code acks=all}, {@code retries > 0} and {@code max.in.flight.requests.per.connection <=
 *       5}: a conflict is an error when {@code enable.idempotence=true} was set, else idempotence is turned off
 *       with a log line;
 *   <li>{@code transactional.id} needs idempotence;
 *   <li>{@code retry.backoff.max.ms < retry.backoff.ms} means no exponential growth: the maximum becomes the base;
 *   <li>{@code client.id} defaults to {@code producer-<transactional.id>} or {@code producer-<n>}.
 * </ul>
 *
 * <p>Class-valued settings accept a {@code Class}, or a class name; the well-known Kafka class names (e.g.
 * {@code org.apache.kafka.common.serialization.StringSerializer}) map to Sluice's built-ins.
 */
public final class ProducerConfig {
    private static final System.Logger LOG = System.getLogger(ProducerConfig.class.getName());
    private static final AtomicInteger CLIENT_ID_SEQUENCE = new AtomicInteger(1);

    /** {@code host:port} pairs used to find the cluster; only needed to bootstrap. Required. */
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    /** How bootstrap and broker host names are resolved: {@code use_all_dns_ips} (default) or
     * {@code resolve_canonical_bootstrap_servers_only}. */
    public static final String CLIENT_DNS_LOOKUP_CONFIG = "client.dns.lookup";
    /** Total bytes of records waiting to be sent; {@code send()} blocks up to {@code max.block.ms} beyond it. Default 33554432. */
    public static final String BUFFER_MEMORY_CONFIG = "buffer.memory";
    /** How a batch takes memory from {@code buffer.memory}: {@code full} (default), a whole {@code batch.size} when
     * the batch opens; or {@code incremental}, as records arrive, so memory follows the data, not the number of
     * active partitions. */
    public static final String BUFFER_MEMORY_ALLOCATION_STRATEGY_CONFIG = "buffer.memory.allocation.strategy";
    /** How often a failed batch is retried before failing; bounded in time by {@code delivery.timeout.ms}. Default 2147483647. */
    public static final String RETRIES_CONFIG = "retries";
    /** Acknowledgements the leader must collect: {@code 0}, {@code 1}, {@code all} (default) or {@code -1}. */
    public static final String ACKS_CONFIG = "acks";
    /** Batch compression: {@code none} (default), {@code gzip}, {@code snappy}, {@code lz4}, {@code zstd}. */
    public static final String COMPRESSION_TYPE_CONFIG = "compression.type";
    /** Gzip level, 1 to 9, or -1 for the codec default (default). */
    public static final String COMPRESSION_GZIP_LEVEL_CONFIG = "compression.gzip.level";
    /** LZ4 level, 1 to 17; default 9. */
    public static final String COMPRESSION_LZ4_LEVEL_CONFIG = "compression.lz4.level";
    /** Zstandard level, -131072 to 22; default 3. */
    public static final String COMPRESSION_ZSTD_LEVEL_CONFIG = "compression.zstd.level";
    /** Upper bound in bytes of a batch per partition (a larger record gets a batch of its own). Default 16384. */
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    /** Whether keyless records favour partitions whose brokers keep up (shorter queues). Default true. */
    public static final String PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG =
            "partitioner.adaptive.partitioning.enable";
    /** Same as {@link #PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG}, spelled correctly. */
    public static final String PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG =
            PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG;
    /** When above 0, keyless records avoid a partition whose leader has had data ready but not taken it for this long. Default 0 (off). */
    public static final String PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG = "partitioner.availability.timeout.ms";
    /** When true, keys are ignored for partitioning and every record is placed as if keyless. Default false. */
    public static final String PARTITIONER_IGNORE_KEYS_CONFIG = "partitioner.ignore.keys";
    /** Whether the built-in partitioner prefers, for keyless records, partitions whose leader is in
     * {@code client.rack} (KIP-1123). Keyed records are never affected. Default false. */
    public static final String PARTITIONER_RACK_AWARE_CONFIG = "partitioner.rack.aware";
    /** Where this client runs, matching the brokers' {@code broker.rack}; default empty (no rack). */
    public static final String CLIENT_RACK_CONFIG = "client.rack";
    /**
     * Sluice only. What happens to per-key order when a topic's partition count grows: {@code drain} (default) makes a
     * keyed record whose partition changes with the new count wait until every record accepted for its old partition
     * before the change has completed, then sends it to its new partition (the one Kafka's Java client picks);
     * {@code none} sends it there at once, as Kafka's Java client does. Applies to the built-in key mapping and to
     * {@link io.sluice.producer.partition.JumpHashPartitioner}; other {@code partitioner.class} choices get
     * {@code none}. See {@code docs/ORDERING.md}.
     */
    public static final String PARTITIONER_RESIZE_ORDERING_CONFIG = "sluice.partitioner.resize.ordering";

    /**
     * Sluice only: {@code false} records no metric and reports none (no JMX beans, no reporter is created);
     * {@code kafkaMetrics()} still names them, reading zero or NaN. For measuring what the metrics cost. Default
     * {@code true}.
     */
    public static final String METRICS_ENABLED_CONFIG = "sluice.metrics.enabled";
    /** How long a batch may wait for more records before it is sent. Default 5. */
    public static final String LINGER_MS_CONFIG = "linger.ms";
    /** Upper bound from {@code send()} to success or failure, retries included. Default 120000. */
    public static final String DELIVERY_TIMEOUT_MS_CONFIG = "delivery.timeout.ms";
    /** The name sent to brokers in every request, for their logs and quotas. */
    public static final String CLIENT_ID_CONFIG = "client.id";
    /** TCP send buffer (SO_SNDBUF); -1 for the OS default. Default 131072. */
    public static final String SEND_BUFFER_CONFIG = "send.buffer.bytes";
    /** TCP receive buffer (SO_RCVBUF); -1 for the OS default. Default 32768. */
    public static final String RECEIVE_BUFFER_CONFIG = "receive.buffer.bytes";
    /** Upper bound of a produce request's size, and so of a single record. Default 1048576. */
    public static final String MAX_REQUEST_SIZE_CONFIG = "max.request.size";
    /** First wait before reconnecting to a broker. Default 50. */
    public static final String RECONNECT_BACKOFF_MS_CONFIG = "reconnect.backoff.ms";
    /** Upper bound of the exponential reconnect wait. Default 1000. */
    public static final String RECONNECT_BACKOFF_MAX_MS_CONFIG = "reconnect.backoff.max.ms";
    /** First wait before retrying a failed request. Default 100. */
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    /** Upper bound of the exponential retry wait. Default 1000. */
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "retry.backoff.max.ms";
    /** Whether the client pushes metrics to brokers that ask for them. Default true. */
    public static final String ENABLE_METRICS_PUSH_CONFIG = "enable.metrics.push";
    /** How long {@code send()}, {@code partitionsFor()} and transactional calls may block. Default 60000. */
    public static final String MAX_BLOCK_MS_CONFIG = "max.block.ms";
    /** How long to wait for a broker's answer before retrying or failing. Default 30000. */
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
    /** Metadata is refreshed at least this often. Default 300000. */
    public static final String METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";
    /** A topic not produced to for this long is dropped from metadata. At least 5000; default 300000. */
    public static final String METADATA_MAX_IDLE_CONFIG = "metadata.max.idle.ms";
    /** Window of a metrics sample. Default 30000. */
    public static final String METRICS_SAMPLE_WINDOW_MS_CONFIG = "metrics.sample.window.ms";
    /** Number of metric samples kept. Default 2. */
    public static final String METRICS_NUM_SAMPLES_CONFIG = "metrics.num.samples";
    /** Highest metrics recording level: INFO (default), DEBUG, TRACE. */
    public static final String METRICS_RECORDING_LEVEL_CONFIG = "metrics.recording.level";
    /** Metric reporter classes; accepted for compatibility, Sluice exposes metrics through {@code metrics()}. */
    public static final String METRIC_REPORTER_CLASSES_CONFIG = "metric.reporters";
    /** Unacknowledged requests per connection. At least 1; default 5. */
    public static final String MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
    /** Key serializer class. Required unless a serializer instance is passed to the producer. */
    public static final String KEY_SERIALIZER_CLASS_CONFIG = "key.serializer";
    /** Value serializer class. Required unless a serializer instance is passed to the producer. */
    public static final String VALUE_SERIALIZER_CLASS_CONFIG = "value.serializer";
    /** First timeout of a connection attempt. Default 10000. */
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG = "socket.connection.setup.timeout.ms";
    /** Upper bound of the exponential connection-attempt timeout. Default 30000. */
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG = "socket.connection.setup.timeout.max.ms";
    /** Idle connections are closed after this long. Default 540000. */
    public static final String CONNECTIONS_MAX_IDLE_MS_CONFIG = "connections.max.idle.ms";
    /** A {@code io.sluice.producer.partition.Partitioner} class; unset means the built-in partitioning. */
    public static final String PARTITIONER_CLASS_CONFIG = "partitioner.class";
    /** {@link ProducerInterceptor} classes, called in order. Default none. */
    public static final String INTERCEPTOR_CLASSES_CONFIG = "interceptor.classes";
    /** PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL. */
    public static final String SECURITY_PROTOCOL_CONFIG = "security.protocol";
    /** Security provider creator classes. Default none. */
    public static final String SECURITY_PROVIDERS_CONFIG = "security.providers";
    /** Whether the producer writes each record exactly once per partition, using producer ids and sequence numbers. Default true. */
    public static final String ENABLE_IDEMPOTENCE_CONFIG = "enable.idempotence";
    /** Longest a transaction may stay open before the coordinator aborts it. Default 60000. */
    public static final String TRANSACTION_TIMEOUT_CONFIG = "transaction.timeout.ms";
    /** Identity of a transactional producer across restarts; unset (default) means not transactional. */
    public static final String TRANSACTIONAL_ID_CONFIG = "transactional.id";
    /** Whether transactions may take part in two-phase commit. Default false. */
    public static final String TRANSACTION_TWO_PHASE_COMMIT_ENABLE_CONFIG = "transaction.two.phase.commit.enable";
    /** What to do when no known broker answers: {@code rebootstrap} (default) or {@code none}. */
    public static final String METADATA_RECOVERY_STRATEGY_CONFIG = "metadata.recovery.strategy";
    /** How long without metadata before re-bootstrapping. Default 300000. */
    public static final String METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG =
            "metadata.recovery.rebootstrap.trigger.ms";
    /** Whether the producer tells each broker which cluster and node it meant to reach, so a broker of Kafka 4.4 or
     * later can refuse a misrouted connection; ignored with {@code metadata.recovery.strategy=none}. Default true. */
    public static final String METADATA_CLUSTER_CHECK_ENABLE_CONFIG = "metadata.cluster.check.enable";
    /** Bootstrap name resolution: {@code 0} (default) resolves {@code bootstrap.servers} in the constructor and fails
     * it with a {@code ConfigException}; a positive value resolves in the background for up to this many
     * milliseconds, after which the producer's calls fail and it must be re-created. */
    public static final String BOOTSTRAP_RESOLVE_TIMEOUT_MS_CONFIG = "bootstrap.resolve.timeout.ms";
    /** Config provider names; accepted for compatibility. */
    public static final String CONFIG_PROVIDERS_CONFIG = "config.providers";

    private static final ConfigDef DEFINITION = ProducerConfigDefinition.build();

    private final Map<String, Object> originals;
    private final Map<String, Object> values;
    private final boolean idempotenceEnabled;

    /**
     * Parses and validates settings.
     *
     * @param settings the user's settings; keys are setting names
     * @throws ConfigException when a value is missing, malformed or in conflict
     */
    public ProducerConfig(Map<String, ?> settings) {
        this(settings, false, false);
    }

    /** Parses and validates {@code Properties}, as {@link #ProducerConfig(Map)}. */
    public ProducerConfig(Properties properties) {
        this(toMap(properties));
    }

    /**
     * Parses settings, allowing the serializer settings to be absent when instances are supplied.
     *
     * @param settings the user's settings
     * @param keySerializerGiven whether a key serializer instance was given to the producer
     * @param valueSerializerGiven whether a value serializer instance was given to the producer
     */
    ProducerConfig(Map<String, ?> settings, boolean keySerializerGiven, boolean valueSerializerGiven) {
        Map<String, Object> copy = new HashMap<>();
        for (Map.Entry<String, ?> e : settings.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new ConfigException("Key must be a string instead of " + e.getKey());
            }
            copy.put(e.getKey(), e.getValue());
        }
        this.originals = Collections.unmodifiableMap(copy);
        Map<String, Object> withSerializers = new HashMap<>(copy);
        if (keySerializerGiven) {
            withSerializers.remove(KEY_SERIALIZER_CLASS_CONFIG);
            withSerializers.put(KEY_SERIALIZER_CLASS_CONFIG, Object.class);
        }
        if (valueSerializerGiven) {
            withSerializers.remove(VALUE_SERIALIZER_CLASS_CONFIG);
            withSerializers.put(VALUE_SERIALIZER_CLASS_CONFIG, Object.class);
        }
        Map<String, Object> parsed = DEFINITION.parse(withSerializers, KnownClasses::resolve);
        if (keySerializerGiven) {
            parsed.put(KEY_SERIALIZER_CLASS_CONFIG, null);
        }
        if (valueSerializerGiven) {
            parsed.put(VALUE_SERIALIZER_CLASS_CONFIG, null);
        }
        ProducerConfigRules.BootstrapServers.validate(parsed);
        this.idempotenceEnabled = ProducerConfigRules.applyIdempotence(parsed, copy);
        ProducerConfigRules.applyDeliveryTimeout(parsed, copy);
        ProducerConfigRules.applyRetryBackoff(parsed);
        ProducerConfigRules.applySasl(parsed);
        ProducerConfigRules.rejectTwoPhaseCommit(parsed);
        parsed.put(CLIENT_ID_CONFIG, clientId(parsed, copy));
        this.values = Collections.unmodifiableMap(parsed);
        logUnknown(copy.keySet());
    }

    private static Map<String, Object> toMap(Properties properties) {
        Map<String, Object> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        for (Map.Entry<Object, Object> e : properties.entrySet()) {
            if (e.getKey() instanceof String k && !map.containsKey(k)) {
                map.put(k, e.getValue());
            }
        }
        return map;
    }

    private static String clientId(Map<String, Object> parsed, Map<String, Object> given) {
        if (given.containsKey(CLIENT_ID_CONFIG)) {
            return (String) parsed.get(CLIENT_ID_CONFIG);
        }
        String txnId = (String) parsed.get(TRANSACTIONAL_ID_CONFIG);
        return "producer-" + (txnId != null ? txnId : String.valueOf(CLIENT_ID_SEQUENCE.getAndIncrement()));
    }

    private static void logUnknown(Set<String> given) {
        Set<String> unknown = new TreeSet<>();
        for (String key : given) {
            if (!DEFINITION.keys().containsKey(key) && !isPluginSetting(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "These configurations {0} were supplied but are not known settings; ignored.",
                    unknown);
        }
    }

    /** Settings read by plug-ins rather than the producer itself, so not reported as unknown. */
    private static boolean isPluginSetting(String key) {
        return key.endsWith("serializer.encoding");
    }

    /** Returns the names of every known setting, in definition order. */
    public static Set<String> configNames() {
        return Collections.unmodifiableSet(DEFINITION.keys().keySet());
    }

    /** Returns the default of a setting, or {@code null} when it has none. */
    public static Object defaultValue(String name) {
        ConfigDef.Key key = DEFINITION.keys().get(name);
        if (key == null) {
            throw new IllegalArgumentException("Unknown setting " + name);
        }
        return key.hasDefault() ? key.defaultValue() : null;
    }

    /** Returns the documentation of a setting. */
    public static String documentation(String name) {
        ConfigDef.Key key = DEFINITION.keys().get(name);
        if (key == null) {
            throw new IllegalArgumentException("Unknown setting " + name);
        }
        return key.doc();
    }

    /**
     * Returns the settings as the user gave them, except that the value of every password setting (keys,
     * passwords, {@code sasl.jaas.config}) reads {@code [hidden]}: no public method returns a secret.
     */
    public Map<String, Object> originals() {
        Map<String, Object> shown = new HashMap<>(originals);
        shown.replaceAll((k, v) -> values.get(k) instanceof Password ? "[hidden]" : v);
        return Collections.unmodifiableMap(shown);
    }

    /**
     * Returns the settings exactly as the user gave them, secrets included, for the plug-ins' {@code configure}
     * (serializers, partitioners, interceptors, reporters), which Kafka gives the same map.
     */
    Map<String, Object> originalsForPlugins() {
        return originals;
    }

    /** Returns whether the user set the key explicitly. */
    public boolean isSet(String key) {
        return originals.containsKey(key);
    }

    private Object value(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("Unknown setting " + key);
        }
        return values.get(key);
    }

    /** Returns an int setting. */
    public int getInt(String key) {
        return (Integer) value(key);
    }

    /** Returns a short setting. */
    public short getShort(String key) {
        return (Short) value(key);
    }

    /** Returns a long setting. */
    public long getLong(String key) {
        return (Long) value(key);
    }

    /** Returns a double setting. */
    public double getDouble(String key) {
        return (Double) value(key);
    }

    /** Returns a boolean setting. */
    public boolean getBoolean(String key) {
        return (Boolean) value(key);
    }

    /** Returns a string setting, or {@code null}. */
    public String getString(String key) {
        return (String) value(key);
    }

    /**
     * Returns a password setting's clear text, or {@code null}. Package-private: no public method returns a
     * secret; the producer hands them to its security layer through {@link #secrets()}.
     */
    String secret(String key) {
        Password p = (Password) value(key);
        return p == null ? null : p.value();
    }

    /** Returns the clear text of every password setting that is set, by name. */
    Map<String, String> secrets() {
        Map<String, String> clear = new HashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof Password p && p.value() != null) {
                clear.put(k, p.value());
            }
        });
        return clear;
    }

    /** Returns a list setting, or {@code null}. */
    public List<String> getList(String key) {
        List<?> list = (List<?>) value(key);
        return list == null
                ? null
                : list.stream()
                        .map(o -> o instanceof Class<?> c ? c.getName() : o.toString())
                        .toList();
    }

    /** Returns a list setting's raw entries: strings or {@code Class} objects. */
    public List<?> getRawList(String key) {
        return (List<?>) value(key);
    }

    /** Returns a class setting, or {@code null}. */
    public Class<?> getClass(String key) {
        return (Class<?>) value(key);
    }

    /** Returns {@code acks} as the wire value: -1, 0 or 1. */
    public short acks() {
        return Short.parseShort(getString(ACKS_CONFIG));
    }

    /** Returns whether idempotence is on after the rules above were applied. */
    public boolean idempotenceEnabled() {
        return idempotenceEnabled;
    }

    /** Returns whether {@code transactional.id} is set. */
    public boolean transactional() {
        return getString(TRANSACTIONAL_ID_CONFIG) != null;
    }

    /** Returns the effective client id. */
    public String clientId() {
        return getString(CLIENT_ID_CONFIG);
    }

    /** Returns the compression level configured for the codec, or {@code null} for "codec default". */
    public Integer compressionLevel() {
        return switch (getString(COMPRESSION_TYPE_CONFIG)) {
            case "gzip" -> getInt(COMPRESSION_GZIP_LEVEL_CONFIG) == -1 ? null : getInt(COMPRESSION_GZIP_LEVEL_CONFIG);
            case "lz4" -> getInt(COMPRESSION_LZ4_LEVEL_CONFIG);
            case "zstd" -> getInt(COMPRESSION_ZSTD_LEVEL_CONFIG);
            default -> null;
        };
    }

    /**
     * Returns every effective setting, defaults included, as text for printouts, in name order; passwords and
     * other secrets read {@code [hidden]}.
     */
    public Map<String, String> effectiveValues() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((k, v) -> shown.put(k, String.valueOf(v)));
        return Collections.unmodifiableMap(shown);
    }

    /** Returns every parsed value, passwords hidden. */
    @Override
    public String toString() {
        return "ProducerConfig" + values;
    }
}
