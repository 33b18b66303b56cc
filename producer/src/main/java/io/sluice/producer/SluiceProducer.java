package io.sluice.producer;

import io.sluice.producer.errors.IllegalTransactionStateException;
import io.sluice.producer.errors.InterruptException;
import io.sluice.producer.errors.ProducerClosedException;
import io.sluice.producer.errors.RecordTooLargeException;
import io.sluice.producer.errors.SerializationException;
import io.sluice.producer.errors.SluiceApiException;
import io.sluice.producer.errors.UnknownTopicOrPartitionException;
import io.sluice.producer.internal.accumulate.AccumulatorSettings;
import io.sluice.producer.internal.accumulate.AppendResult;
import io.sluice.producer.internal.accumulate.BufferPool;
import io.sluice.producer.internal.accumulate.CompletionDispatcher;
import io.sluice.producer.internal.accumulate.KeyMapping;
import io.sluice.producer.internal.accumulate.OutgoingRecord;
import io.sluice.producer.internal.accumulate.PartitionChooser;
import io.sluice.producer.internal.accumulate.PendingRecord;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.metadata.MetadataView;
import io.sluice.producer.internal.metrics.ProducerMetrics;
import io.sluice.producer.internal.metrics.ProducerMetrics.TransactionCall;
import io.sluice.producer.internal.net.Secrets;
import io.sluice.producer.internal.send.NetworkProducerIoFactory;
import io.sluice.producer.internal.send.ProducerIo;
import io.sluice.producer.internal.time.Clock;
import io.sluice.producer.internal.txn.TransactionControl;
import io.sluice.producer.metrics.Metric;
import io.sluice.producer.metrics.MetricName;
import io.sluice.producer.partition.JumpHashPartitioner;
import io.sluice.producer.partition.KeyHashing;
import io.sluice.producer.partition.Partitioner;
import io.sluice.producer.serde.Serializer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Kafka producer: thread-safe, shared by any number of sending threads, shaped like Apache Kafka's
 * {@code KafkaProducer} so migrating is a change of imports.
 *
 * <p>{@link #send} serializes and partitions the record and appends it to a batch in memory, then returns; it
 * blocks only while {@code buffer.memory} is full (up to {@code max.block.ms}), never for metadata: records of a
 * topic not yet known wait in memory and fail after {@code max.block.ms} if its metadata does not arrive. A
 * network thread ships batches and completes futures and callbacks; callbacks run on the callback thread
 * ({@code sluice-producer-callbacks-<client.id>}), in send order per partition.
 *
 * <p><b>Transactions.</b> With {@code transactional.id} set, records are written atomically in transactions:
 *
 * <pre>{@code
 * producer.initTransactions();                 // once, fences older producers with the same transactional.id
 * while (running) {
 *     producer.beginTransaction();
 *     try {
 *         producer.send(record1);
 *         producer.send(record2);
 *         producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata()); // consume-transform-produce
 *         producer.commitTransaction();
 *     } catch (TransactionAbortableException | TimeoutException e) {
 *         producer.abortTransaction();         // then go on with the next transaction
 *     } catch (ProducerFencedException | TransactionalIdAuthorizationException | TransactionFatalException e) {
 *         producer.close();                    // fatal: this producer cannot write any more
 *         break;
 *     }
 * }
 * }</pre>
 *
 * <p>Errors fall in three classes, and the exception type says which. <em>Retriable</em> errors (coordinator moved
 * or loading, concurrent transactions, disconnects) are retried inside with {@code retry.backoff.ms} growing to
 * {@code retry.backoff.max.ms}; the caller sees at most a {@link io.sluice.producer.errors.TimeoutException} after
 * {@code max.block.ms}, and may repeat the same call, which resumes the pending operation. <em>Abortable</em>
 * errors ({@link io.sluice.producer.errors.TransactionAbortableException}) end the transaction but not the
 * producer: call {@link #abortTransaction()} and continue. <em>Fatal</em> errors
 * ({@link io.sluice.producer.errors.ProducerFencedException},
 * {@link io.sluice.producer.errors.TransactionalIdAuthorizationException},
 * {@link io.sluice.producer.errors.TransactionFatalException}) end the producer: close it. Calls out of order
 * throw {@link IllegalTransactionStateException}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SluiceProducer<K, V> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SluiceProducer.class.getName());

    private final ProducerConfig config;
    private final Clock clock;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Partitioner partitioner;
    private final boolean ignoreKeys;
    /** The partitioner is the consistent one, whose keyless records take the built-in sticky path. */
    private final boolean jumpHash;
    /** Keyed records go through the resize barrier (drain, and a key mapping the barrier can replay). */
    private final boolean resizeOrdered;

    private final long deliveryTimeoutMs;
    private final Interceptors<K, V> interceptors;
    private final CompletionDispatcher dispatcher;
    private final RecordAccumulator accumulator;
    private final ProducerIo io;
    private final MetadataView metadata;
    private final int maxRequestSize;
    private final long totalMemory;
    private final long maxBlockMs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final TransactionControl transactions;
    private final ProducerMetrics producerMetrics;

    /** Creates a producer from settings; serializers come from {@code key.serializer} and {@code value.serializer}. */
    public SluiceProducer(Map<String, ?> configs) {
        this(configs, null, null);
    }

    /** Creates a producer from settings and serializer instances (which are not configured again). */
    public SluiceProducer(Map<String, ?> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(configs, keySerializer, valueSerializer, new NetworkProducerIoFactory(), Clock.SYSTEM);
    }

    /** Creates a producer from properties. */
    public SluiceProducer(Properties properties) {
        this(properties, null, null);
    }

    /** Creates a producer from properties and serializer instances. */
    public SluiceProducer(Properties properties, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(propertiesToMap(properties), keySerializer, valueSerializer);
    }

    /**
     * Creates a producer with a given back half and clock: the seam the library's own tests and the front-half
     * benchmark use to run without a network. Package-private, so no internal type is part of the API.
     */
    SluiceProducer(
            Map<String, ?> configs,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer,
            ProducerIo.Factory ioFactory,
            Clock clock) {
        this.config = new ProducerConfig(configs, keySerializer != null, valueSerializer != null);
        this.clock = clock;
        this.keySerializer = keySerializer != null ? keySerializer : configured(KEY_SERIALIZER, true);
        this.valueSerializer = valueSerializer != null ? valueSerializer : configured(VALUE_SERIALIZER, false);
        Class<?> partitionerClass = config.getClass(ProducerConfig.PARTITIONER_CLASS_CONFIG);
        this.partitioner = partitionerClass == null
                ? null
                : Plugins.create(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitionerClass, Partitioner.class);
        if (partitioner != null) {
            partitioner.configure(config.originalsForPlugins());
        }
        this.ignoreKeys = config.getBoolean(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG);
        this.jumpHash = partitioner instanceof JumpHashPartitioner;
        KeyMapping keyMapping = ignoreKeys
                ? null
                : partitioner == null ? KeyMapping.MURMUR2 : jumpHash ? JumpHashPartitioner::partitionForKey : null;
        this.resizeOrdered = keyMapping != null
                && "drain".equals(config.getString(ProducerConfig.PARTITIONER_RESIZE_ORDERING_CONFIG));
        this.deliveryTimeoutMs = config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        this.interceptors = new Interceptors<>(interceptors(config));
        this.maxRequestSize = config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        this.totalMemory = config.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG);
        this.maxBlockMs = config.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        AccumulatorSettings settings = AccumulatorSettings.from(config);
        settings.compression().checkAvailable();
        this.dispatcher = CompletionDispatcher.threaded(config.clientId());
        BufferPool pool = new BufferPool(totalMemory, settings.batchSize(), clock, settings.incrementalAllocation());
        this.accumulator = new RecordAccumulator(settings, pool, clock, dispatcher, this::choosePartition);
        accumulator.resizes().configure(resizeOrdered ? keyMapping : null);
        this.producerMetrics = MetricsSetup.create(config, clock, pool);
        accumulator.setProducerMetrics(producerMetrics);
        try {
            this.io = ioFactory.create(new ProducerIo.Context(
                    config, Secrets.of(config.secrets()), accumulator, clock, config.clientId()));
            this.metadata = io.metadata();
            this.transactions = config.transactional() ? io.transactions() : null;
            io.start();
            producerMetrics.registry().start();
        } catch (RuntimeException e) {
            producerMetrics.registry().close();
            // Do not leave the callback thread behind a producer that never existed.
            try {
                dispatcher.shutdown(0);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        LOG.log(Level.DEBUG, "Producer {0} started", config.clientId());
    }

    private static final String KEY_SERIALIZER = ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG;
    private static final String VALUE_SERIALIZER = ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG;

    @SuppressWarnings("unchecked")
    private <T> Serializer<T> configured(String key, boolean isKey) {
        Serializer<T> s = Plugins.create(key, config.getClass(key), Serializer.class);
        Map<String, Object> settings = new HashMap<>(config.originalsForPlugins());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());
        s.configure(settings, isKey);
        return s;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> List<ProducerInterceptor<K, V>> interceptors(ProducerConfig config) {
        List<ProducerInterceptor<K, V>> list = (List<ProducerInterceptor<K, V>>) (List<?>) Plugins.createAll(
                ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
                config.getRawList(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG),
                ProducerInterceptor.class);
        for (ProducerInterceptor<K, V> i : list) {
            i.configure(config.originalsForPlugins());
        }
        return list;
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

    /** Sends a record without a callback; see {@link #send(ProducerRecord, Callback)}. */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Sends a record asynchronously. The returned future and the callback complete when the broker acknowledged
     * the record or sending failed for good; both complete in send order for records of one partition.
     *
     * <p>A record that cannot be sent (serializer failure, record too large, bad partition, memory not freed within
     * {@code max.block.ms}) fails its future and callback; the call does not throw for those.
     *
     * @param record the record
     * @param callback told of the outcome on the callback thread; may be null
     * @return the record's future
     * <p>On a producer with {@code transactional.id} a record may only be sent between {@link #beginTransaction()}
     * and {@link #commitTransaction()} or {@link #abortTransaction()}.
     *
     * @throws IllegalStateException when the producer is closed
     * @throws IllegalTransactionStateException on a transactional producer outside a transaction
     * @throws io.sluice.producer.errors.TransactionAbortableException on a transactional producer whose current
     *     transaction already failed: abort it
     * @throws io.sluice.producer.errors.ProducerFencedException and the other fatal errors once the transactional
     *     producer met one: close it
     * @throws InterruptException when interrupted while waiting for memory
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        if (closed.get()) {
            throw new IllegalStateException("Cannot perform operation after producer has been closed");
        }
        if (transactions != null) {
            transactions.checkSend();
        }
        ProducerRecord<K, V> intercepted = interceptors.isEmpty() ? record : interceptors.onSend(record);
        Callback cb = interceptors.wrap(callback);
        String topic = intercepted.topic();
        int explicit = intercepted.partition() == null ? -1 : intercepted.partition();
        byte[] keyBytes = null;
        byte[] valueBytes = null;
        long timestamp = -1;
        OutgoingRecord out = null; // the record, sized once, and its future
        try {
            long nowMs = clock.milliseconds();
            keyBytes = serialize(keySerializer, topic, intercepted, intercepted.key(), "key", KEY_SERIALIZER);
            valueBytes = serialize(valueSerializer, topic, intercepted, intercepted.value(), "value", VALUE_SERIALIZER);
            Headers headers = intercepted.headers();
            headers.setReadOnly();
            timestamp = intercepted.timestamp() != null ? intercepted.timestamp() : nowMs;
            out = new OutgoingRecord(topic, explicit, timestamp, keyBytes, valueBytes, headers.toArray(), cb);
            checkSize(topic, explicit, out.sizeInBytes());
            Cluster cluster = accumulator.cluster();
            if (cluster.partitionCount(topic) <= 0 || accumulator.isHolding(topic)) {
                throwIfFatal();
                metadata.requestTopic(topic);
                if (transactions != null) {
                    out.replaceCallback(heldInTransaction(cb));
                }
                accumulator.hold(
                        new PendingRecord(out, intercepted.key(), intercepted.value(), nowMs + maxBlockMs),
                        maxBlockMs,
                        nowMs);
                return out;
            }
            int partition = explicit >= 0
                    ? checkPartition(topic, explicit, cluster)
                    : partitionFor(topic, intercepted.key(), keyBytes, intercepted.value(), valueBytes, cluster);
            if (explicit < 0
                    && keyBytes != null
                    && resizeOrdered
                    && accumulator.resizes().resizing()
                    && holdForResize(out, intercepted, cb, nowMs)) {
                return out;
            }
            long result = accumulator.append(out, partition, cluster, maxBlockMs, nowMs);
            if (AppendResult.batchIsFull(result) || AppendResult.newBatchCreated(result)) {
                io.wakeup();
            }
            return out;
        } catch (SluiceApiException | IllegalArgumentException e) {
            CompletableFuture<RecordMetadata> future = out != null ? out : new CompletableFuture<>();
            if (transactions != null) {
                // Synchronously, before commitTransaction() can run: a record the transaction lost fails the commit.
                transactions.recordFailed(e);
            }
            RecordMetadata md = RecordMetadata.of(
                    topic,
                    explicit,
                    RecordMetadata.UNKNOWN_OFFSET,
                    timestamp,
                    keyBytes == null ? -1 : keyBytes.length,
                    valueBytes == null ? -1 : valueBytes.length);
            dispatcher.completeRecord(future, cb, md, e);
            return future;
        }
    }

    /**
     * Holds a keyed record whose key moved when its topic grew, while the records sent before to its old partition
     * are incomplete (see {@code docs/ORDERING.md}); returns false when it may be appended at once.
     */
    private boolean holdForResize(OutgoingRecord out, ProducerRecord<K, V> record, Callback cb, long nowMs) {
        if (!accumulator.resizes().mayHold(out.topic(), out.key())) {
            return false;
        }
        if (transactions != null) {
            out.replaceCallback(heldInTransaction(cb));
        }
        PendingRecord held = new PendingRecord(out, record.key(), record.value(), nowMs + deliveryTimeoutMs);
        if (accumulator.resizes().hold(held, maxBlockMs)) {
            return true;
        }
        if (transactions != null) {
            // Not held after all: the wrapper counted a held record that will never report back.
            transactions.heldRecordDone(null);
            out.replaceCallback(cb);
        }
        return false;
    }

    /**
     * A record held for metadata inside a transaction: the commit must not go ahead until it has settled, and if it
     * fails (e.g. the topic never appears) the transaction must fail with it. Its callback tells the transaction, on
     * the callback thread, before the record stops counting as held; only held records pay for this wrapper.
     */
    private Callback heldInTransaction(Callback cb) {
        transactions.heldForMetadata();
        return (md, e) -> {
            try {
                if (cb != null) {
                    cb.onCompletion(md, e);
                }
            } finally {
                transactions.heldRecordDone(e);
            }
        };
    }

    private <T> byte[] serialize(
            Serializer<T> serializer, String topic, ProducerRecord<K, V> record, T data, String what, String key) {
        try {
            return serializer.serialize(topic, record.headers(), data);
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "Can't convert " + what + " of class "
                            + (data == null ? "null" : data.getClass().getName()) + " to class "
                            + serializer.getClass().getName() + " specified in " + key,
                    topic,
                    record.partition() == null ? -1 : record.partition(),
                    null,
                    e);
        }
    }

    private void checkSize(String topic, int partition, int size) {
        if (size > maxRequestSize) {
            throw new RecordTooLargeException(
                    "The message is " + size + " bytes when serialized which is larger than " + maxRequestSize
                            + ", which is the value of the max.request.size configuration.",
                    topic,
                    partition);
        }
        if (size > totalMemory) {
            throw new RecordTooLargeException(
                    "The message is " + size + " bytes when serialized which is larger than"
                            + " the total memory buffer you have configured with the buffer.memory configuration ("
                            + totalMemory + ").",
                    topic,
                    partition);
        }
    }

    private static int checkPartition(String topic, int partition, Cluster cluster) {
        int count = cluster.partitionCount(topic);
        if (partition >= count) {
            throw new UnknownTopicOrPartitionException(
                    "Invalid partition given with record: " + partition + " is not in the range [0..." + count + ")",
                    topic,
                    partition);
        }
        return partition;
    }

    /** The partition of a record of a known topic without an explicit partition, or {@code KEYLESS}. */
    private int partitionFor(
            String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        if (jumpHash && (keyBytes == null || ignoreKeys)) {
            return PartitionChooser.KEYLESS;
        }
        if (partitioner != null) {
            int p = partitioner.partition(topic, key, keyBytes, value, valueBytes, cluster);
            if (p < 0 || p >= cluster.partitionCount(topic)) {
                throw new IllegalArgumentException(
                        "The partitioner " + partitioner.getClass().getName()
                                + " returned partition " + p + " for topic " + topic + " with "
                                + cluster.partitionCount(topic) + " partitions");
            }
            return p;
        }
        if (keyBytes != null && !ignoreKeys) {
            return KeyHashing.partitionForKey(keyBytes, cluster.partitionCount(topic));
        }
        return PartitionChooser.KEYLESS;
    }

    private int choosePartition(PendingRecord held, Cluster cluster) {
        OutgoingRecord r = held.record();
        if (r.explicitPartition() >= 0) {
            return checkPartition(r.topic(), r.explicitPartition(), cluster);
        }
        return partitionFor(r.topic(), held.keyObject(), r.key(), held.valueObject(), r.value(), cluster);
    }

    /**
     * Makes every buffered record sendable at once and waits until all records sent before this call completed,
     * callbacks included. Must not be called from a callback.
     *
     * @throws IllegalStateException when called from a callback
     * @throws InterruptException when interrupted
     */
    public void flush() {
        flush(true);
    }

    /**
     * @param timed whether the wait counts in {@code flush-time-ns-total}: not when {@link #commitTransaction()}
     *     flushes, whose time kafka-clients counts in {@code txn-commit-time-ns-total} only
     */
    private void flush(boolean timed) {
        if (dispatcher.isCallbackThread()) {
            throw new IllegalStateException(
                    "flush() invocation inside a callback is not permitted because it may lead to deadlock.");
        }
        long startNs = clock.nanoseconds();
        accumulator.beginFlush();
        io.wakeup();
        try {
            accumulator.awaitFlushCompletion();
        } catch (InterruptedException e) {
            throw new InterruptException("Flush interrupted.", e);
        } finally {
            if (timed) {
                producerMetrics.flushed(clock.nanoseconds() - startNs, clock.milliseconds());
            }
        }
    }

    /**
     * Prepares a producer with {@code transactional.id} for transactions; call it once, before anything else.
     * Finds the transaction coordinator and registers the transactional id with it, which fences any older
     * producer with the same id (its next call fails with {@link io.sluice.producer.errors.ProducerFencedException})
     * and completes or aborts whatever transaction it left open. Blocks up to {@code max.block.ms}.
     *
     * @throws IllegalTransactionStateException when {@code transactional.id} is not set, or when called again after
     *     it succeeded
     * @throws io.sluice.producer.errors.TimeoutException when it did not complete within {@code max.block.ms}; call
     *     it again to resume
     * @throws io.sluice.producer.errors.TransactionalIdAuthorizationException fatal: not allowed to use the id
     * @throws io.sluice.producer.errors.TransactionFatalException fatal: any other error no retry can fix
     * @throws InterruptException when interrupted while waiting
     */
    public void initTransactions() {
        TransactionControl transaction = txn("initTransactions");
        long startNs = clock.nanoseconds();
        transaction.initTransactions(maxBlockMs);
        timed(TransactionCall.INIT, startNs);
    }

    /**
     * Starts a transaction: every record sent from now until {@link #commitTransaction()} or
     * {@link #abortTransaction()} belongs to it. Local only; no broker round trip.
     *
     * @throws IllegalTransactionStateException without {@code transactional.id}, before {@link #initTransactions()},
     *     or while a transaction is open
     * @throws io.sluice.producer.errors.ProducerFencedException and the other fatal errors once the producer met
     *     one: close it
     */
    public void beginTransaction() {
        TransactionControl transaction = txn("beginTransaction");
        long startNs = clock.nanoseconds();
        transaction.beginTransaction();
        timed(TransactionCall.BEGIN, startNs);
    }

    /**
     * Commits the consumed offsets of a consumer group as part of the current transaction, so they become visible
     * exactly when the transaction's records do (consume-transform-produce). The offsets are the next offsets to
     * read (last processed + 1). Blocks until the group coordinator holds them, at most {@code max.block.ms}.
     *
     * @param offsets the next offset to consume of each input partition; may be empty (then nothing is sent)
     * @param groupMetadata the group, ideally {@code consumer.groupMetadata()} so that a consumer fenced by a
     *     rebalance cannot commit
     * @throws IllegalTransactionStateException without {@code transactional.id} or outside a transaction
     * @throws io.sluice.producer.errors.TimeoutException after {@code max.block.ms}; call it again with the same
     *     arguments to resume, or abort
     * @throws io.sluice.producer.errors.TransactionAbortableException when the group coordinator refused the
     *     offsets (e.g. the member left the group) or the transaction already failed: abort it
     * @throws io.sluice.producer.errors.ProducerFencedException and the other fatal errors: close the producer
     * @throws InterruptException when interrupted while waiting
     */
    public void sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(groupMetadata, "groupMetadata");
        TransactionControl transaction = txn("sendOffsetsToTransaction");
        long startNs = clock.nanoseconds();
        transaction.sendOffsetsToTransaction(offsets, groupMetadata, maxBlockMs);
        if (!offsets.isEmpty()) {
            // kafka-clients times only a call that has offsets to send.
            timed(TransactionCall.SEND_OFFSETS, startNs);
        }
    }

    /**
     * Commits the current transaction: first sends every buffered record of it (as {@link #flush()} does), then
     * asks the coordinator to commit. When this returns, the transaction's records and offsets are visible to
     * {@code read_committed} consumers. Blocks up to {@code max.block.ms}.
     *
     * @throws IllegalTransactionStateException without {@code transactional.id} or when no transaction is open
     * @throws io.sluice.producer.errors.TimeoutException after {@code max.block.ms}; the commit goes on in the
     *     background and may already have reached the coordinator, so the only valid next call is
     *     {@code commitTransaction()} again, which resumes waiting (or {@code close()})
     * @throws io.sluice.producer.errors.TransactionAbortableException when a record or offset of the transaction
     *     failed (the cause is that failure): call {@link #abortTransaction()}
     * @throws io.sluice.producer.errors.ProducerFencedException and the other fatal errors: close the producer
     * @throws InterruptException when interrupted while waiting
     */
    public void commitTransaction() {
        TransactionControl transaction = txn("commitTransaction");
        long startNs = clock.nanoseconds();
        // As with Kafka's producer: once commit returns, every send of the transaction has completed and its callback
        // has run. The commit itself only waits for the broker's answers, which reach the futures a moment later.
        flush(false);
        transaction.commitTransaction(maxBlockMs);
        timed(TransactionCall.COMMIT, startNs);
    }

    /**
     * Aborts the current transaction: records of it not yet sent fail with
     * {@link io.sluice.producer.errors.TransactionAbortedException}, records in flight are waited for, then the
     * coordinator aborts it, so {@code read_committed} consumers never see any of it. Also the way out of an
     * abortable error; afterwards {@link #beginTransaction()} may be called again. Blocks up to
     * {@code max.block.ms}.
     *
     * @throws IllegalTransactionStateException without {@code transactional.id} or when no transaction is open
     * @throws io.sluice.producer.errors.TimeoutException after {@code max.block.ms}; call it again to resume
     * @throws io.sluice.producer.errors.ProducerFencedException and the other fatal errors: close the producer
     * @throws InterruptException when interrupted while waiting
     */
    public void abortTransaction() {
        TransactionControl transaction = txn("abortTransaction");
        long startNs = clock.nanoseconds();
        transaction.abortTransaction(maxBlockMs);
        timed(TransactionCall.ABORT, startNs);
    }

    /**
     * Adds a transaction call's blocking time to its {@code txn-*-time-ns-total}; like kafka-clients, only a call
     * that returned normally counts.
     */
    private void timed(TransactionCall call, long startNs) {
        producerMetrics.transactionCall(call, clock.nanoseconds() - startNs, clock.milliseconds());
    }

    private TransactionControl txn(String call) {
        if (closed.get()) {
            throw new IllegalStateException("Cannot perform operation after producer has been closed");
        }
        if (transactions == null && config.transactional()) {
            throw new UnsupportedOperationException("This producer's network layer has no transaction support");
        }
        if (transactions == null) {
            throw new IllegalTransactionStateException("Cannot call " + call
                    + "() on a producer without transactional.id: set "
                    + ProducerConfig.TRANSACTIONAL_ID_CONFIG + " to use transactions");
        }
        return transactions;
    }

    /**
     * Returns the partitions of a topic, waiting up to {@code max.block.ms} for its metadata.
     *
     * @throws io.sluice.producer.errors.TimeoutException when the metadata does not arrive in time
     */
    public List<PartitionInfo> partitionsFor(String topic) {
        if (closed.get()) {
            throw new IllegalStateException("Cannot perform operation after producer has been closed");
        }
        Cluster cluster = accumulator.cluster();
        if (cluster.partitionCount(topic) > 0) {
            return cluster.partitionsForTopic(topic);
        }
        throwIfFatal();
        metadata.requestTopic(topic);
        return accumulator.awaitTopic(topic, maxBlockMs).partitionsForTopic(topic);
    }

    /**
     * Throws the error that ended this producer before it ever had metadata. Asked only on paths that wait for
     * metadata, so a producer that has it pays nothing.
     */
    private void throwIfFatal() {
        RuntimeException fatal = metadata.fatalError();
        if (fatal != null) {
            throw fatal;
        }
    }

    /**
     * Returns the producer's metrics by name, e.g. {@code buffer-available-bytes}, {@code record-send-total}, and
     * the network layer's: a flat view of group {@code producer-metrics} of {@link #kafkaMetrics()} (windowed
     * values), plus Sluice's own counters (e.g. {@code batch-created-total}, {@code errors-by-name.<ERROR>}).
     */
    public Map<String, Number> metrics() {
        Map<String, Number> metrics = new HashMap<>();
        accumulator.metrics(metrics);
        metrics.putAll(io.metrics());
        metrics.putAll(producerMetrics.producerValues());
        return metrics;
    }

    /**
     * Returns the id the broker assigned this producer for client telemetry (KIP-714), which a broker-side
     * telemetry plugin sees with every push; kafka-clients' {@code clientInstanceId(Duration)} with a
     * {@link java.util.UUID} for Kafka's {@code Uuid} (same 128 bits). Waits up to {@code timeout} for the
     * first subscription answer, and returns null when none came in time or none will (the brokers do not
     * offer client telemetry, or the producer is closing).
     *
     * @throws IllegalStateException if {@code enable.metrics.push} is false
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws InterruptException when interrupted while waiting
     */
    public java.util.UUID clientInstanceId(Duration timeout) {
        if (!config.getBoolean(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG)) {
            throw new IllegalStateException("Telemetry is not enabled. Set config `"
                    + ProducerConfig.ENABLE_METRICS_PUSH_CONFIG + "` to `true`.");
        }
        try {
            return io.clientInstanceId(timeout);
        } catch (InterruptedException e) {
            throw new InterruptException("Interrupted while waiting for the client instance id.", e);
        }
    }

    /**
     * Returns Kafka's producer metrics with their groups and tags ({@code producer-metrics}, {@code
     * producer-node-metrics}, {@code producer-topic-metrics}), read-only and live: the same metrics JMX shows. See
     * {@code docs/OBSERVABILITY.md} for the list.
     */
    public Map<MetricName, Metric> kafkaMetrics() {
        return producerMetrics.registry().metrics();
    }

    /** Closes the producer, waiting as long as it takes for buffered records to be sent. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Closes the producer: stops accepting records, sends what is buffered and waits up to {@code timeout} for it;
     * what is left then fails with {@link ProducerClosedException}. From a callback, the wait is zero (a callback
     * cannot wait for later callbacks).
     */
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Duration wait = timeout.isNegative() ? Duration.ZERO : timeout;
        if (dispatcher.isCallbackThread() && !wait.isZero()) {
            LOG.log(Level.WARNING, "Overriding close timeout {0} to 0 ms: close was called from a callback", wait);
            wait = Duration.ZERO;
        }
        accumulator.close();
        io.initiateClose();
        try {
            if (!io.awaitTermination(wait)) {
                io.forceClose();
                io.awaitTermination(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            io.forceClose();
            Thread.currentThread().interrupt();
        }
        if (accumulator.hasIncomplete()) {
            accumulator.abortIncompleteBatches(
                    new ProducerClosedException("Producer is closed forcefully; the record was not sent"));
        }
        try {
            dispatcher.shutdown(Math.min(wait.toMillis(), 30_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producerMetrics.registry().close();
        interceptors.close();
        keySerializer.close();
        valueSerializer.close();
        if (partitioner != null) {
            partitioner.close();
        }
        LOG.log(Level.DEBUG, "Producer {0} closed", config.clientId());
    }

    /** Returns the validated settings. */
    public ProducerConfig config() {
        return config;
    }
}
