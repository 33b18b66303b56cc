package io.sluice.producer.internal.accumulate;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.ProducerClosedException;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.metrics.ProducerMetrics;
import io.sluice.producer.internal.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Groups records into batches per topic-partition, between the callers of {@code send()} and the sender.
 *
 * <p>Threads: any number of sending threads call {@link #append} and {@link #hold}; one sender thread calls
 * {@link #ready}, {@link #drain}, {@link #reenqueue}, {@link #expiredBatches}, {@link #deallocate} and
 * {@link #onMetadataUpdate}. Each partition queue has its own lock; it is never held while allocating a buffer,
 * reading the clock, sealing (compressing) a batch or completing futures.
 *
 * <p>Lock order: pending-records lock, then a partition lock, then the buffer pool's lock.
 *
 * <p>A batch is <em>sendable</em> when its partition's leader is known and it is full, or has waited
 * {@code linger.ms}, or its retry backoff has passed, or a flush is in progress, or the producer is closing, or
 * sending threads are waiting for memory.
 */
public final class RecordAccumulator {
    private volatile ProducerMetrics producerMetrics = ProducerMetrics.NONE;
    private final AccumulatorSettings settings;
    private final BufferPool pool;
    private final CompletionDispatcher dispatcher;
    private final ConcurrentHashMap<String, TopicQueues> topics = new ConcurrentHashMap<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final SlotPool slotPool = new SlotPool();
    private final NodeAvailability availability = new NodeAvailability();
    private final BatchTimings timings;
    private final Drainer drainer = new Drainer(topics, availability);
    private final PendingRecords pending;
    private final ResizeOrdering resize;
    private final BatchFactory batches;
    private final Appender appender;
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Creates an accumulator.
     *
     * @param settings the settings
     * @param pool the memory pool ({@code buffer.memory})
     * @param clock the clock
     * @param dispatcher where futures and callbacks complete
     * @param chooser chooses the partition of records held for metadata
     */
    public RecordAccumulator(
            AccumulatorSettings settings,
            BufferPool pool,
            Clock clock,
            CompletionDispatcher dispatcher,
            PartitionChooser chooser) {
        this.settings = settings;
        this.pool = pool;
        this.dispatcher = dispatcher;
        this.pending = new PendingRecords(this, pool, clock, dispatcher, chooser);
        this.resize = new ResizeOrdering(this, topics, incomplete, pool, dispatcher, settings.deliveryTimeoutMs());
        this.timings = new BatchTimings(clock, settings.lingerMs());
        this.batches = new BatchFactory(settings, pool, dispatcher, slotPool, incomplete, timings);
        this.appender = new Appender(this, pool, clock, batches, resize, incomplete);
    }

    // ------------------------------------------------------------------ sending threads

    /**
     * Appends a record to its partition's open batch, creating a batch (and waiting up to {@code maxBlockMs} for
     * memory) when none has room. The topic's metadata must be known (see {@link #hold} otherwise). Once in a batch
     * the record drops its payload, and the batch completes it.
     *
     * @param record the record, which is also its future
     * @param partition the partition chosen, or {@link PartitionChooser#KEYLESS} for the built-in sticky choice
     * @param cluster the metadata the partition was chosen with
     * @return an {@link AppendResult}-encoded partition and flags
     * @throws io.sluice.producer.errors.BufferExhaustedException when memory did not free up in time
     * @throws ProducerClosedException when the producer is closed
     */
    public long append(OutgoingRecord record, int partition, Cluster cluster, long maxBlockMs, long nowMs) {
        return appender.append(record, partition, cluster, maxBlockMs, nowMs);
    }

    /**
     * Appends a held record, using its reservation instead of waiting for memory. Returns false when memory is
     * short right now (the record stays held); called with the lock of whoever held it.
     */
    boolean appendReserved(PendingRecord held, int partition, Cluster cluster, long nowMs) {
        return appender.appendReserved(held, partition, cluster, nowMs);
    }

    /** The buffer a new batch needs for a held record: {@code batch.size}, or the record alone if larger. */
    int newBatchSize(PendingRecord held) {
        return batches.bufferSizeFor(held.record());
    }

    /**
     * Holds a record whose topic's metadata is not known yet, counting it against {@code buffer.memory} (waiting
     * up to {@code maxBlockMs} for room). It is partitioned and appended when {@link #onMetadataUpdate} brings the
     * topic, and fails at its deadline naming the topic and the likely causes. Records of a topic
     * stay in send order: while some are held, later ones are held behind them.
     */
    public void hold(PendingRecord record, long maxBlockMs, long nowMs) {
        if (closed) {
            throw new ProducerClosedException("Producer closed while send in progress");
        }
        pending.hold(record, maxBlockMs, nowMs);
    }

    /** Returns whether records of the topic are held for metadata (later records must be held too). */
    public boolean isHolding(String topic) {
        return pending.isHolding(topic);
    }

    /**
     * Installs a new metadata snapshot: held records of topics now known are partitioned and appended; records
     * of topics the broker refused fail. Called by the back half with every new snapshot.
     */
    public void onMetadataUpdate(Cluster cluster, long nowMs) {
        // A growth is installed before the snapshot is published: whoever sees the new count sees the barrier.
        Map<ResizeBarrier, ResizeBarrier.Generation> grown = resize.install(pending.cluster(), cluster);
        pending.onMetadataUpdate(cluster, nowMs);
        resize.watchOutstanding(grown);
    }

    /**
     * Returns the resize barrier ({@code sluice.partitioner.resize.ordering}), through which the sending threads hold
     * keyed records whose key moved when a topic's partition count grew.
     */
    public ResizeOrdering resizes() {
        return resize;
    }

    /** Returns the latest snapshot given to {@link #onMetadataUpdate}. */
    public Cluster cluster() {
        return pending.cluster();
    }

    /**
     * Waits up to {@code maxBlockMs} for a snapshot that knows the topic.
     *
     * @throws io.sluice.producer.errors.TimeoutException naming the topic when none arrives in time
     */
    public Cluster awaitTopic(String topic, long maxBlockMs) {
        return pending.awaitTopic(topic, maxBlockMs);
    }

    TopicQueues topicQueues(String topic) {
        TopicQueues tq = topics.get(topic);
        return tq != null ? tq : topics.computeIfAbsent(topic, this::newTopicQueues);
    }

    private TopicQueues newTopicQueues(String topic) {
        TopicQueues tq = new TopicQueues(topic, settings.batchSize(), settings.lingerMs(), settings.preferredRack());
        Cluster current = pending.cluster();
        tq.knownPartitions = Math.max(0, current.partitionCount(topic));
        tq.latest = current;
        return tq;
    }

    // ------------------------------------------------------------------ sender thread

    /** Installs the idempotence hook applied to each batch when first drained. */
    public void setBatchStamper(BatchStamper stamper) {
        drainer.setStamper(stamper);
    }

    /**
     * Fails held records past their deadline and returns the time until the next one, for a sender step that
     * cannot look for ready batches yet (no producer id); {@link #ready} does this too.
     */
    public long expireHeldRecords(long nowMs) {
        return Math.min(pending.onTick(nowMs), resize.onTick(pending.cluster(), nowMs));
    }

    /**
     * Finds the brokers with a sendable batch. Also fails held records past their deadline, retries held records
     * that were short of memory, and refreshes the adaptive partitioner's queue statistics.
     */
    public ReadyCheck ready(Cluster cluster, long nowMs) {
        Set<Integer> readyNodes = new HashSet<>();
        Set<String> unknownLeaderTopics = new HashSet<>();
        long nextDelay = resize.onTick(cluster, nowMs); // records it releases are looked at below

        boolean exhausted = pool.queued() > 0 || pending.waitingForMemory();
        boolean force = closed || flushesInProgress.get() > 0 || exhausted;
        for (TopicQueues tq : topics.values()) {
            PartitionQueue[] queues = tq.all();
            int partitions = Math.max(queues.length, cluster.partitionCount(tq.topic));
            int[] sizes = new int[partitions];
            int[] ids = new int[partitions];
            int eligible = 0;
            for (int p = 0; p < partitions; p++) {
                PartitionQueue q = p < queues.length ? queues[p] : null;
                int leader = cluster.leaderFor(tq.topic, p);
                // Read without the partition lock: see PartitionQueue for why a moment-old summary is safe.
                long head = q == null ? PartitionQueue.NO_BATCH : q.headState();
                boolean hasBatch = head != PartitionQueue.NO_BATCH;
                if (hasBatch) {
                    // A batch drain may not take (no leader, muted, held by idempotence or a transaction) still
                    // expires on time: the sender wakes for it.
                    nextDelay = Math.min(nextDelay, untilExpiry(q, nowMs));
                }
                if (leader < 0) {
                    if (hasBatch) {
                        unknownLeaderTopics.add(tq.topic);
                    }
                    continue;
                }
                if (hasBatch) {
                    availability.onReady(leader, nowMs);
                }
                if (!availability.isUnavailable(leader, settings.availabilityTimeoutMs())) {
                    sizes[eligible] = q == null ? 0 : q.queuedBatches();
                    ids[eligible++] = p;
                }
                if (!hasBatch || readyNodes.contains(leader) || q.muted) {
                    continue;
                }
                long sendableAt = PartitionQueue.sendableAtMs(head);
                if (nowMs >= sendableAt || (force && PartitionQueue.forcible(head))) {
                    readyNodes.add(leader);
                } else {
                    nextDelay = Math.min(nextDelay, sendableAt - nowMs);
                }
            }
            tq.keyless.updateLoadStats(settings.adaptivePartitioning() ? sizes : null, ids, eligible, cluster);
        }
        nextDelay = Math.min(nextDelay, pending.onTick(nowMs));
        return new ReadyCheck(readyNodes, nextDelay, unknownLeaderTopics);
    }

    private long untilExpiry(PartitionQueue q, long nowMs) {
        long created = q.headCreatedMs();
        return created == Long.MAX_VALUE ? Long.MAX_VALUE : created + settings.deliveryTimeoutMs() - nowMs;
    }

    /**
     * Takes at most one batch per partition from the partitions each ready broker leads, sealing each, starting
     * where the previous drain of that broker stopped so every partition gets its turn, and stopping at
     * {@code maxRequestSize} bytes per broker (a first batch is always taken). Batches in retry backoff and muted
     * partitions are skipped.
     */
    public Map<Integer, List<ProducerBatch>> drain(
            Cluster cluster, Set<Integer> readyNodes, int maxRequestSize, long nowMs) {
        return drainer.drain(cluster, readyNodes, maxRequestSize, nowMs);
    }

    /**
     * Puts a batch back for a retry, at the front of its partition's queue (behind retries with a lower
     * sequence), with an exponential, jittered backoff from {@code retry.backoff.ms} to {@code retry.backoff.max.ms}.
     */
    public void reenqueue(ProducerBatch batch, long nowMs) {
        batch.onReenqueued(nowMs, retryBackoff(batch.attempts()));
        topicQueues(batch.topic()).queue(batch.partition()).requeue(batch);
    }

    private long retryBackoff(int attempts) {
        long base = settings.retryBackoffMs();
        long max = Math.max(base, settings.retryBackoffMaxMs());
        if (base == 0) {
            return 0;
        }
        double exp = base * Math.pow(2, Math.max(0, attempts - 1));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return (long) Math.min(max, exp * jitter);
    }

    /** Stops drain from taking batches of the partition (ordering with one request in flight). */
    public void mutePartition(String topic, int partition) {
        topicQueues(topic).queue(partition).muted = true;
    }

    /** Lets drain take batches of the partition again. */
    public void unmutePartition(String topic, int partition) {
        topicQueues(topic).queue(partition).muted = false;
    }

    /**
     * Removes and returns queued (not in-flight) batches that reached {@code delivery.timeout.ms} since creation.
     * The caller fails them with {@link ProducerBatch#deliveryTimeoutException} and deallocates them.
     *
     * <p>Called on every turn of the sender loop, so it looks only at the head of each queue: a queue is in
     * creation order (retries and split halves go back to the front and are older than what follows them), so
     * the first batch that has not expired ends the search. Walking whole queues instead cost the sender thread
     * a pass over every buffered batch, thousands with {@code buffer.memory} full, under the locks the sending
     * threads append with.
     */
    public List<ProducerBatch> expiredBatches(long nowMs) {
        List<ProducerBatch> expired = null;
        for (TopicQueues tq : topics.values()) {
            for (PartitionQueue q : tq.all()) {
                // Most turns nothing has expired: decide that from the published head, without the lock.
                if (q == null || nowMs - q.headCreatedMs() < settings.deliveryTimeoutMs()) {
                    continue;
                }
                expired = q.pollExpired(settings.deliveryTimeoutMs(), nowMs, expired);
            }
        }
        return expired == null ? List.of() : expired;
    }

    /**
     * Returns the sealed batches waiting in a partition's queue (retries, split halves), in queue order, which for
     * an idempotent producer is sequence order. Sender thread only: it alone seals and restamps batches.
     */
    public List<ProducerBatch> sealedQueued(String topic, int partition) {
        TopicQueues tq = topics.get(topic);
        PartitionQueue q = tq == null ? null : tq.existing(partition);
        return q == null ? new ArrayList<>() : q.sealedBatches();
    }

    /**
     * Removes and returns every queued (not in-flight) batch, sealed or not; the caller fails and deallocates them.
     * Used when the producer can no longer send (a fatal idempotence error).
     */
    public List<ProducerBatch> removeAllQueued() {
        List<ProducerBatch> removed = new ArrayList<>();
        for (TopicQueues tq : topics.values()) {
            for (PartitionQueue q : tq.all()) {
                if (q != null) {
                    q.pollAll(removed);
                }
            }
        }
        return removed;
    }

    /**
     * Returns a completed batch's memory to the pool; idempotent. The batch stays "incomplete" for flush until its
     * callbacks have run.
     */
    public void deallocate(ProducerBatch batch) {
        if (batch.markDeallocated()) {
            pool.deallocate(batch.buffer(), batch.allocationSize());
        }
    }

    /**
     * Like {@link #deallocate}, for a batch whose bytes a connection may still be writing (it expired in flight): its
     * memory counts as free again, but its buffer is never reused, so no new batch is built in bytes on their way to a
     * broker.
     */
    public void deallocateWithoutReuse(ProducerBatch batch) {
        if (batch.markDeallocated()) {
            pool.release(batch.allocationSize());
        }
    }

    // ------------------------------------------------------------------ flush and close

    /** Makes every batch sendable until {@link #awaitFlushCompletion()} returns. */
    public void beginFlush() {
        flushesInProgress.incrementAndGet();
    }

    /** Waits until every record sent before {@link #beginFlush()} completed, callbacks included. */
    public void awaitFlushCompletion() throws InterruptedException {
        try {
            List<CompletableFuture<RecordMetadata>> held = new ArrayList<>(pending.snapshotFutures());
            held.addAll(resize.heldFutures());
            for (CompletableFuture<RecordMetadata> f : held) {
                try {
                    f.join();
                } catch (RuntimeException ignored) {
                    // failures are reported to the record's own future and callback
                }
            }
            for (ProducerBatch b : new ArrayList<>(incomplete)) {
                b.awaitCallbacks();
            }
        } finally {
            flushesInProgress.decrementAndGet();
        }
    }

    /**
     * Ends a flush begun with {@link #beginFlush()} without waiting for it: for a transaction's commit, which the
     * I/O thread drives and whose end it observes itself.
     */
    public void endFlush() {
        flushesInProgress.decrementAndGet();
    }

    /** Returns whether a flush is in progress. */
    public boolean flushInProgress() {
        return flushesInProgress.get() > 0;
    }

    /** Returns whether records wait to be drained (queued or held for metadata). */
    public boolean hasUndrained() {
        for (TopicQueues tq : topics.values()) {
            for (PartitionQueue q : tq.all()) {
                if (q != null && q.headState() != PartitionQueue.NO_BATCH) {
                    return true;
                }
            }
        }
        return pending.hasAny() || resize.hasHeld();
    }

    /** Returns whether any record is not yet completed. */
    public boolean hasIncomplete() {
        return !incomplete.isEmpty() || pending.hasAny() || resize.hasHeld();
    }

    /**
     * Fails every incomplete batch, queued or in flight, and every held record, with {@code error}, and returns
     * their memory. For a forced close: waits out appends in progress so none is left behind.
     */
    public void abortIncompleteBatches(RuntimeException error) {
        do {
            abortBatches(error, false);
        } while (appender.inProgress());
        abortBatches(error, false);
        pending.abortAll(error);
        resize.abortAll(error);
    }

    /**
     * Fails what has not been sent: records waiting for metadata and batches still in queues. For errors that
     * waiting cannot cure, such as a broker refusing the producer's credentials.
     */
    public void abortUnsent(RuntimeException error) {
        abortBatches(error, true);
        pending.abortAll(error);
        resize.abortAll(error);
    }

    /** Fails the batches still in queues (not in flight), e.g. when a transaction aborts. */
    public void abortUndrainedBatches(RuntimeException error) {
        abortBatches(error, true);
        resize.abortAll(error);
    }

    private void abortBatches(RuntimeException error, boolean undrainedOnly) {
        for (ProducerBatch batch : new ArrayList<>(incomplete)) {
            PartitionQueue q = topicQueues(batch.topic()).queue(batch.partition());
            if (undrainedOnly) {
                // In flight, or sealed and queued for a retry: its bytes may have reached the broker.
                if (!q.removeUnsealed(batch)) {
                    continue;
                }
            } else {
                q.remove(batch);
            }
            batch.completeExceptionally(error);
            deallocate(batch);
        }
    }

    /** Stops accepting records and makes every batch sendable; threads waiting for memory fail. */
    public void close() {
        closed = true;
        pool.close();
    }

    /** Returns whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Returns the memory pool. */
    public BufferPool bufferPool() {
        return pool;
    }

    /** Returns the dispatcher that completes records. */
    public CompletionDispatcher dispatcher() {
        return dispatcher;
    }

    /** Returns the settings. */
    public AccumulatorSettings settings() {
        return settings;
    }

    /** Makes the producer's metrics the ones the pool and the back half record into. */
    public void setProducerMetrics(ProducerMetrics metrics) {
        this.producerMetrics = metrics;
        pool.setMetrics(metrics);
        timings.use(metrics);
    }

    /** The producer's metrics ({@link ProducerMetrics#NONE} unless set). */
    public ProducerMetrics producerMetrics() {
        return producerMetrics;
    }

    /** Adds the accumulator's metrics to {@code into}. */
    public void metrics(Map<String, Number> into) {
        into.put("buffer-total-bytes", pool.totalMemory());
        into.put("buffer-available-bytes", pool.availableMemory());
        into.put("waiting-threads", pool.queued());
        into.put("batch-created-total", appender.batchesCreated());
        into.put("incomplete-batches", incomplete.size());
        into.put("records-awaiting-metadata", pending.count());
        resize.metrics(into);
    }

    /** Returns a partition's queue, for tests. */
    PartitionQueue partitionQueue(String topic, int partition) {
        return topicQueues(topic).queue(partition);
    }

    /** Returns the keyless partitioner's current load statistics for a topic, for tests. */
    KeylessPartitioner.LoadStats loadStats(String topic) {
        return topicQueues(topic).keyless.loadStats();
    }

    /** Returns a snapshot of the batch counts per partition of a topic, for tests and metrics. */
    public int queuedBatches(String topic, int partition) {
        TopicQueues tq = topics.get(topic);
        PartitionQueue q = tq == null ? null : tq.existing(partition);
        return q == null ? 0 : q.size();
    }

    /**
     * Splits a batch the broker refused as too large (MESSAGE_TOO_LARGE) into two halves (see
     * {@link BatchSplitter}) and puts them at the front of the partition's queue, in order, or for an idempotent
     * batch by sequence. The original batch's memory is returned at once. Called by the sender; a half that is
     * still too large splits again.
     *
     * @return the number of batches the records now travel in
     */
    public int splitAndReenqueue(ProducerBatch batch, long nowMs) {
        List<ProducerBatch> children = BatchSplitter.split(batch, settings, dispatcher, incomplete);
        batch.replacedBy(children);
        incomplete.addAll(children);
        // The children carry the records now; a flush already waiting on the parent is released by them.
        incomplete.remove(batch);
        topicQueues(batch.topic()).queue(batch.partition()).requeueSplit(children, batch.hasSequence());
        deallocate(batch);
        return children.size();
    }
}
