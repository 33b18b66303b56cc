package io.sluice.kafka;

import io.sluice.producer.SluiceProducer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.Serializer;

/**
 * kafka-clients' {@link Producer} backed by Sluice: a drop-in for {@code KafkaProducer} wherever code accepts a
 * {@code Producer} (Spring Kafka, Kafka Streams, Micrometer and the libraries built on them). Same constructors,
 * same settings, same plug-ins, same exceptions; records go through Sluice's pipeline and network layer.
 *
 * <pre>{@code
 * Map<String, Object> settings = Map.of(
 *         "bootstrap.servers", "localhost:9092",
 *         "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
 *         "value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
 * try (Producer<String, String> producer = new SluiceKafkaProducer<>(settings)) {
 *     producer.send(new ProducerRecord<>("orders", "key", "value"), (md, e) -> { ... });
 * }
 * }</pre>
 *
 * <p>Serializers, partitioners, interceptors, metric reporters and config providers are kafka-clients plug-ins,
 * named by class or passed as instances, and called as kafka-clients calls them. Every failure surfaces as a
 * kafka-clients exception ({@code org.apache.kafka.common.errors.*}, {@code ConfigException},
 * {@code KafkaException}) carrying Sluice's message, with the Sluice exception as its cause. Where behaviour differs
 * from {@code KafkaProducer}, {@code docs/COMPATIBILITY.md} says how.
 *
 * <p>Thread-safe; one instance is meant to be shared by all sending threads.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class SluiceKafkaProducer<K, V> implements Producer<K, V> {
    private static final System.Logger LOG = System.getLogger(SluiceKafkaProducer.class.getName());

    private final SluiceProducer<K, V> sluice;
    private final KafkaInterceptorChain<K, V> interceptors;
    private final KafkaMetricsView metrics;
    private final String clientId;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates a producer from settings, as {@code new KafkaProducer<>(configs)} does; serializers come from
     * {@code key.serializer} and {@code value.serializer}.
     *
     * @throws org.apache.kafka.common.config.ConfigException when a setting is missing or invalid; the message names it
     * @throws org.apache.kafka.common.KafkaException when a plug-in cannot be created or configured
     */
    public SluiceKafkaProducer(Map<String, Object> configs) {
        this(configs, null, null);
    }

    /**
     * Creates a producer from settings and serializer instances; the instances are not configured again, as with
     * {@code KafkaProducer}. A {@code null} serializer is taken from its setting.
     */
    public SluiceKafkaProducer(
            Map<String, Object> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        ProducerSetup<K, V> setup = ProducerSetup.create(configs, keySerializer, valueSerializer);
        this.sluice = setup.sluice();
        this.interceptors = setup.interceptors();
        this.metrics = setup.metrics();
        this.clientId = setup.clientId();
    }

    /** Creates a producer from properties, as {@code new KafkaProducer<>(properties)} does. */
    public SluiceKafkaProducer(Properties properties) {
        this(properties, null, null);
    }

    /** Creates a producer from properties and serializer instances (not configured again). */
    public SluiceKafkaProducer(Properties properties, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(propertiesToMap(properties), keySerializer, valueSerializer);
    }

    private static Map<String, Object> propertiesToMap(Properties properties) {
        Map<String, Object> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        properties.forEach((k, v) -> {
            if (k instanceof String s) {
                map.putIfAbsent(s, v);
            }
        });
        return map;
    }

    /**
     * Sends a record; see {@link #send(ProducerRecord, Callback)}.
     */
    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Sends a record asynchronously, with kafka-clients' rules for what throws and what fails the future.
     *
     * <p>Thrown from this call: {@code IllegalStateException} on a closed producer or outside a transaction of a
     * transactional one, {@code SerializationException} or the serializer's own exception when a key or value
     * cannot be serialized, {@code ProducerFencedException} and the other fatal errors of a transactional producer,
     * {@code InterruptException}. Everything else (record too large, unknown partition, metadata or memory not
     * available within {@code max.block.ms}, broker errors) fails the future and reaches the callback. The callback
     * runs on Sluice's callback thread, in send order per partition, before the future completes.
     */
    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        ProducerRecord<K, V> intercepted = interceptors.isEmpty() ? record : interceptors.onSend(record);
        SendCompletion<K, V> completion = new SendCompletion<>(callback, interceptors, intercepted.headers());
        try {
            sluice.send(toSluice(intercepted), completion);
        } catch (RuntimeException e) {
            KafkaSerializerBridge.takeFailure();
            RuntimeException failure = KafkaErrors.translate(e);
            interceptors.onSendError(intercepted, failure);
            throw failure;
        }
        RuntimeException serializationFailure = KafkaSerializerBridge.takeFailure();
        if (serializationFailure != null) {
            interceptors.onSendError(intercepted, serializationFailure);
            throw serializationFailure;
        }
        return completion;
    }

    private static <K, V> io.sluice.producer.ProducerRecord<K, V> toSluice(ProducerRecord<K, V> record) {
        Header[] headers = record.headers().toArray();
        List<KafkaHeader> converted = null;
        if (headers.length > 0) {
            converted = new ArrayList<>(headers.length);
            for (Header h : headers) {
                converted.add(KafkaHeader.of(h));
            }
        }
        return new io.sluice.producer.ProducerRecord<>(
                record.topic(), record.partition(), record.timestamp(), record.key(), record.value(), converted);
    }

    /**
     * Sends every buffered record now and waits until all records sent before this call completed, callbacks
     * included.
     *
     * @throws IllegalStateException when called from a callback
     * @throws org.apache.kafka.common.errors.InterruptException when interrupted
     */
    @Override
    public void flush() {
        try {
            sluice.flush();
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e);
        }
    }

    /**
     * Returns the partitions of a topic, waiting up to {@code max.block.ms} for its metadata.
     *
     * @throws org.apache.kafka.common.errors.TimeoutException when the metadata does not arrive in time
     */
    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        Objects.requireNonNull(topic, "topic cannot be null");
        try {
            return KafkaTypes.partitionInfos(sluice.partitionsFor(topic));
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e);
        }
    }

    /**
     * Returns the producer's metrics: every metric Sluice reports, in group {@code producer-metrics} with tag
     * {@code client-id}, read live. See {@code docs/COMPATIBILITY.md} for the names.
     */
    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return metrics.metrics();
    }

    /**
     * The id the broker assigned for client telemetry (KIP-714), as {@link SluiceProducer#clientInstanceId}: null
     * when none came within {@code timeout}.
     *
     * @throws IllegalStateException if {@code enable.metrics.push} is false, as {@code KafkaProducer}
     */
    @Override
    public Uuid clientInstanceId(Duration timeout) {
        java.util.UUID id;
        try {
            id = sluice.clientInstanceId(timeout);
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e);
        }
        return id == null ? null : new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /**
     * Accepted and ignored: with no client metrics push there is no subscription to add the metric to, as with
     * {@code KafkaProducer} when telemetry is off. Declared without {@code @Override} so the class also runs with
     * kafka-clients 3.x, whose interface lacks it.
     */
    public void registerMetricForSubscription(KafkaMetric metric) {
        Objects.requireNonNull(metric, "metric");
        if (metrics.owns(metric)) {
            LOG.log(Level.DEBUG, "Skipping registration for metric {0}: it is a producer metric", metric.metricName());
        }
    }

    /** Accepted and ignored; see {@link #registerMetricForSubscription(KafkaMetric)}. */
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        Objects.requireNonNull(metric, "metric");
    }

    /**
     * Prepares a producer with {@code transactional.id} for transactions, fencing older producers with the same id.
     *
     * @throws IllegalStateException without {@code transactional.id}
     * @throws org.apache.kafka.common.errors.TimeoutException when it does not complete within {@code max.block.ms}
     */
    @Override
    public void initTransactions() {
        try {
            sluice.initTransactions();
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e);
        }
    }

    /** Starts a transaction. */
    @Override
    public void beginTransaction() throws ProducerFencedException {
        try {
            sluice.beginTransaction();
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e);
        }
    }

    /** Commits consumed offsets with the current transaction (consume-transform-produce). */
    @Override
    public void sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata)
            throws ProducerFencedException {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(groupMetadata, "groupMetadata");
        try {
            sluice.sendOffsetsToTransaction(KafkaTypes.offsets(offsets), KafkaTypes.group(groupMetadata));
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e);
        }
    }

    /**
     * The kafka-clients 3.x variant that names the group by id only (removed from the interface in 4.0); the
     * commit is not tied to a group generation.
     */
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, String consumerGroupId)
            throws ProducerFencedException {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(consumerGroupId, "consumerGroupId");
        try {
            sluice.sendOffsetsToTransaction(
                    KafkaTypes.offsets(offsets), new io.sluice.producer.ConsumerGroupMetadata(consumerGroupId));
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e);
        }
    }

    /** Commits the current transaction, first sending its buffered records. */
    @Override
    public void commitTransaction() throws ProducerFencedException {
        try {
            sluice.commitTransaction();
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e);
        }
    }

    /** Aborts the current transaction. */
    @Override
    public void abortTransaction() throws ProducerFencedException {
        try {
            sluice.abortTransaction();
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e);
        }
    }

    /** Closes the producer, waiting as long as it takes for buffered records to be sent. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Closes the producer, waiting up to {@code timeout} for buffered records; records still unsent then fail. Then
     * closes the interceptors, serializers, partitioner and metric reporters.
     *
     * @throws IllegalArgumentException when the timeout is negative
     */
    @Override
    public void close(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("The timeout cannot be negative.");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            sluice.close(timeout);
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e);
        } finally {
            interceptors.close();
            metrics.close();
            LOG.log(Level.DEBUG, "Kafka producer adapter {0} closed", clientId);
        }
    }
}
