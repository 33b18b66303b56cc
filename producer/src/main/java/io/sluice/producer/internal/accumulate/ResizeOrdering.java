package io.sluice.producer.internal.accumulate;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.internal.metadata.Cluster;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps per-key order when a topic's partition count grows ({@code sluice.partitioner.resize.ordering=drain}): a
 * keyed record whose partition changes with the new count waits until every batch its old partition had incomplete
 * when the growth was seen has settled, then goes to its new partition, the one the key mapping gives for the new
 * count. Keys that stay, keyless records and records with an explicit partition never wait. See {@link ResizeBarrier}
 * for the state of one topic.
 *
 * <p>Cost when nothing grows: {@link #resizing()} (one volatile read per keyed send) and one volatile read of the
 * topic's barrier under the partition lock of each append, which catches records placed with the old count by a
 * thread that read the metadata just before it changed (it compares the snapshot it used with the latest).
 *
 * <p>Held records are {@link PendingRecord}s: they count against {@code buffer.memory} while held, fail at
 * {@code delivery.timeout.ms} after {@code send()}, and count for {@code flush()} and a transaction's commit.
 *
 * <p>Lock order: a barrier's lock, then a partition lock, then the pool's lock. A sending thread never takes a
 * barrier lock while holding a partition lock.
 */
public final class ResizeOrdering {
    private static final System.Logger LOG = System.getLogger(ResizeOrdering.class.getName());

    private final RecordAccumulator accumulator;
    private final Map<String, TopicQueues> topics;
    private final Set<ProducerBatch> incomplete;
    private final BufferPool pool;
    private final CompletionDispatcher dispatcher;
    private final long deliveryTimeoutMs;
    private volatile KeyMapping mapping;
    private volatile boolean drain;
    /** Topics with a barrier; zero keeps the keyed send path to one read. */
    private final AtomicInteger active = new AtomicInteger();
    /** Guards setting and clearing {@code TopicQueues.resize} and adding generations; before any barrier lock. */
    private final ReentrantLock installLock = new ReentrantLock();

    private final LongAdder resizes = new LongAdder();
    private final LongAdder movedRecords = new LongAdder();
    private final LongAdder heldRecords = new LongAdder();
    private final AtomicInteger heldNow = new AtomicInteger();
    private final LongAdder releasedRecords = new LongAdder();
    private final LongAdder heldTimeMs = new LongAdder();
    private final AtomicLong heldTimeMaxMs = new AtomicLong();

    ResizeOrdering(
            RecordAccumulator accumulator,
            Map<String, TopicQueues> topics,
            Set<ProducerBatch> incomplete,
            BufferPool pool,
            CompletionDispatcher dispatcher,
            long deliveryTimeoutMs) {
        this.accumulator = accumulator;
        this.topics = topics;
        this.incomplete = incomplete;
        this.pool = pool;
        this.dispatcher = dispatcher;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
    }

    /** Turns the barrier on for keys mapped by {@code keyMapping}, or off with {@code null}. Before first use. */
    public void configure(KeyMapping keyMapping) {
        this.mapping = keyMapping;
        this.drain = keyMapping != null;
    }

    /** Returns whether some topic's partition count grew and older records are still incomplete (one read). */
    public boolean resizing() {
        return active.get() > 0;
    }

    // ------------------------------------------------------------------ growth (sender thread)

    /**
     * Finds the topics whose partition count grew and installs a generation for each; its sources start closed, so
     * from the moment the new snapshot is published, moved keys wait. Call before publishing {@code fresh}, then
     * {@link #watchOutstanding} after.
     */
    Map<ResizeBarrier, ResizeBarrier.Generation> install(Cluster previous, Cluster fresh) {
        Map<ResizeBarrier, ResizeBarrier.Generation> grown = null;
        for (TopicQueues tq : topics.values()) {
            int now = fresh.partitionCount(tq.topic);
            int known = tq.knownPartitions > 0 ? tq.knownPartitions : previous.partitionCount(tq.topic);
            // Count first, snapshot second: an append that sees the new snapshot's absence sees the new count.
            tq.knownPartitions = Math.max(known, now);
            tq.latest = fresh;
            if (now <= known || known <= 0) {
                // A smaller count is a lagging broker's view, never a shrink: Kafka cannot remove partitions.
                continue;
            }
            resizes.increment();
            if (!drain) {
                LOG.log(
                        Level.INFO,
                        "Topic {0} grew from {1} to {2} partitions; keys that move go to their new partition at once"
                                + " (sluice.partitioner.resize.ordering=none)",
                        tq.topic,
                        known,
                        now);
                continue;
            }
            ResizeBarrier.Generation generation = new ResizeBarrier.Generation(known, now);
            ResizeBarrier barrier = addGeneration(tq, generation, false);
            if (grown == null) {
                grown = new HashMap<>();
            }
            grown.put(barrier, generation);
        }
        return grown == null ? Map.of() : grown;
    }

    /** Adds a generation to the topic's barrier, creating the barrier if there is none; returns the barrier. */
    private ResizeBarrier addGeneration(TopicQueues tq, ResizeBarrier.Generation generation, boolean oldest) {
        installLock.lock();
        try {
            ResizeBarrier barrier = tq.resize;
            if (barrier == null) {
                barrier = new ResizeBarrier(tq.topic);
            }
            barrier.lock.lock();
            try {
                barrier.generations.add(oldest ? 0 : barrier.generations.size(), generation);
            } finally {
                barrier.lock.unlock();
            }
            if (tq.resize == null) {
                tq.resize = barrier;
                active.incrementAndGet();
            }
            return barrier;
        } finally {
            installLock.unlock();
        }
    }

    /**
     * Records each new generation's watermark: the batches of its old partitions that are incomplete now, queued or in
     * flight. Taking each old partition's lock first makes sure every batch created before is registered as
     * incomplete; a batch made later by a thread that still used the old count is added by {@link #watchLate}.
     */
    void watchOutstanding(Map<ResizeBarrier, ResizeBarrier.Generation> grown) {
        if (grown.isEmpty()) {
            return;
        }
        Map<String, ResizeBarrier> byTopic = new HashMap<>();
        for (ResizeBarrier b : grown.keySet()) {
            byTopic.put(b.topic, b);
            TopicQueues tq = topics.get(b.topic);
            for (int p = 0; p < grown.get(b).fromCount; p++) {
                PartitionQueue q = tq.existing(p);
                if (q != null) {
                    q.awaitHolder();
                }
            }
        }
        Map<ResizeBarrier, List<ProducerBatch>> outstanding = new HashMap<>();
        for (ProducerBatch batch : incomplete) {
            ResizeBarrier b = byTopic.get(batch.topic());
            if (b != null && batch.partition() < grown.get(b).fromCount && !batch.settled()) {
                outstanding.computeIfAbsent(b, k -> new ArrayList<>()).add(batch);
            }
        }
        for (Map.Entry<ResizeBarrier, ResizeBarrier.Generation> e : grown.entrySet()) {
            ResizeBarrier b = e.getKey();
            ResizeBarrier.Generation g = e.getValue();
            List<ProducerBatch> batches = outstanding.getOrDefault(b, List.of());
            b.lock.lock();
            try {
                for (ProducerBatch batch : batches) {
                    g.sources[batch.partition()].watched.add(batch);
                }
            } finally {
                b.lock.unlock();
            }
            LOG.log(
                    Level.INFO,
                    "Topic {0} grew from {1} to {2} partitions; records of keys that move wait for the {3} batches"
                            + " accepted before (sluice.partitioner.resize.ordering=drain)",
                    b.topic,
                    g.fromCount,
                    g.toCount,
                    batches.size());
        }
    }

    /**
     * Called by an appending thread, after it released the partition lock, when it placed a record with a snapshot
     * older than the latest: if that snapshot had fewer partitions than the topic has now (the thread read the
     * metadata just before it grew), the batch joins the watermark of the growth, which is set up again if it had
     * already drained. Rare: only appends racing a metadata update get here.
     */
    void placedWith(TopicQueues tq, ProducerBatch batch, int countUsed) {
        int known = tq.knownPartitions;
        if (!drain || countUsed <= 0 || countUsed >= known || batch.partition() >= countUsed) {
            return;
        }
        ResizeBarrier barrier;
        installLock.lock();
        try {
            barrier = tq.resize;
            boolean covered = false;
            if (barrier != null) {
                barrier.lock.lock();
                try {
                    for (ResizeBarrier.Generation g : barrier.generations) {
                        covered |= g.fromCount == countUsed;
                    }
                } finally {
                    barrier.lock.unlock();
                }
            }
            if (!covered) {
                barrier = addGeneration(tq, new ResizeBarrier.Generation(countUsed, known), true);
            }
            barrier.lock.lock();
            try {
                for (ResizeBarrier.Generation g : barrier.generations) {
                    if (countUsed <= g.fromCount) {
                        g.sources[batch.partition()].watchLate(batch);
                    }
                }
            } finally {
                barrier.lock.unlock();
            }
        } finally {
            installLock.unlock();
        }
    }

    // ------------------------------------------------------------------ sending threads

    /** Returns whether a keyed record of {@code topic} may have to wait (its key moved while a barrier is up). */
    public boolean mayHold(String topic, byte[] key) {
        TopicQueues tq = topics.get(topic);
        ResizeBarrier barrier = tq == null ? null : tq.resize;
        if (barrier == null) {
            return false;
        }
        barrier.lock.lock();
        try {
            boolean moved = barrier.moved(key, mapping);
            if (moved) {
                movedRecords.increment();
            }
            return moved && barrier.blockingSource(key, mapping, null) != null;
        } finally {
            barrier.lock.unlock();
        }
    }

    /**
     * Holds a moved keyed record behind its old partition's watermark, counting it against {@code buffer.memory}
     * (waiting up to {@code maxBlockMs} for room). Returns false, having held nothing, when the source opened
     * meanwhile: the caller appends the record as usual.
     */
    public boolean hold(PendingRecord r, long maxBlockMs) {
        TopicQueues tq = topics.get(r.record().topic());
        ResizeBarrier barrier = tq == null ? null : tq.resize;
        if (barrier == null) {
            return false;
        }
        int size = r.record().sizeInBytes();
        pool.reserve(size, maxBlockMs); // may block; outside the barrier's lock
        barrier.lock.lock();
        try {
            ResizeBarrier.Source source =
                    tq.resize == barrier ? barrier.blockingSource(r.record().key(), mapping, null) : null;
            if (source != null) {
                r.addReservation(size);
                source.held.addLast(r);
                barrier.held++;
                heldNow.incrementAndGet();
                heldRecords.increment();
                return true;
            }
        } finally {
            barrier.lock.unlock();
        }
        pool.release(size);
        return false;
    }

    // ------------------------------------------------------------------ release (sender thread)

    /**
     * Fails held records past {@code delivery.timeout.ms}, sends on the records whose watermark settled, and drops
     * barriers with nothing left to wait for. Returns how long until the next held record's deadline.
     */
    long onTick(Cluster cluster, long nowMs) {
        if (active.get() == 0) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (TopicQueues tq : topics.values()) {
            ResizeBarrier barrier = tq.resize;
            if (barrier == null) {
                continue;
            }
            installLock.lock();
            barrier.lock.lock();
            try {
                next = Math.min(next, release(barrier, cluster, nowMs));
                barrier.generations.removeIf(ResizeBarrier.Generation::allOpen);
                if (barrier.generations.isEmpty() && tq.resize == barrier) {
                    tq.resize = null;
                    active.decrementAndGet();
                }
            } finally {
                barrier.lock.unlock();
                installLock.unlock();
            }
        }
        return next;
    }

    private long release(ResizeBarrier barrier, Cluster cluster, long nowMs) {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < barrier.generations.size(); i++) {
            ResizeBarrier.Generation g = barrier.generations.get(i);
            for (ResizeBarrier.Source s : g.sources) {
                if (s.open) {
                    continue;
                }
                expire(barrier, s, nowMs);
                if (s.watermarkSettled() && sendOn(barrier, g, s, cluster, nowMs)) {
                    s.open = true;
                } else if (!s.held.isEmpty()) {
                    next = Math.min(next, Math.max(0, s.held.peekFirst().deadlineMs() - nowMs));
                }
            }
        }
        return next;
    }

    /** Sends the held records of a settled source on, in order; returns false when memory ran short. */
    private boolean sendOn(
            ResizeBarrier barrier, ResizeBarrier.Generation g, ResizeBarrier.Source s, Cluster cluster, long nowMs) {
        KeyMapping keys = mapping;
        int count = cluster.partitionCount(barrier.topic);
        while (!s.held.isEmpty()) {
            PendingRecord r = s.held.peekFirst();
            ResizeBarrier.Source later = barrier.blockingSource(r.record().key(), keys, g);
            if (later != null) {
                // The key moved again in a later growth: it waits there too, behind that generation's watermark.
                later.held.addLast(s.held.pollFirst());
                continue;
            }
            int partition = keys.partition(r.record().key(), Math.max(count, g.toCount));
            if (!accumulator.appendReserved(r, partition, cluster, nowMs)
                    && !(borrowReservations(s, r) && accumulator.appendReserved(r, partition, cluster, nowMs))) {
                return false;
            }
            s.held.pollFirst();
            released(barrier, r, nowMs);
        }
        return true;
    }

    /**
     * Lets the first held record take over the reservations of those behind it, up to the batch it needs, so that
     * held records alone filling {@code buffer.memory} still turn into a batch (as for records held for metadata).
     */
    private boolean borrowReservations(ResizeBarrier.Source s, PendingRecord first) {
        long needed = accumulator.newBatchSize(first);
        Iterator<PendingRecord> behind = s.held.iterator();
        behind.next();
        while (behind.hasNext() && first.reservedBytes() < needed) {
            first.takeReservation(behind.next(), needed - first.reservedBytes());
        }
        return first.reservedBytes() >= needed;
    }

    private void expire(ResizeBarrier barrier, ResizeBarrier.Source s, long nowMs) {
        while (!s.held.isEmpty() && s.held.peekFirst().deadlineMs() <= nowMs) {
            PendingRecord r = s.held.pollFirst();
            released(barrier, r, nowMs);
            fail(
                    r,
                    new TimeoutException(
                            "Expiring a record of " + barrier.topic + ": it waited " + deliveryTimeoutMs
                                    + " ms (delivery.timeout.ms) for the records sent to partition " + s.partition
                                    + " before the partition count grew, and they did not complete",
                            barrier.topic,
                            -1,
                            null,
                            null));
        }
    }

    private void released(ResizeBarrier barrier, PendingRecord r, long nowMs) {
        barrier.held--;
        heldNow.decrementAndGet();
        releasedRecords.increment();
        long waited = Math.max(0, nowMs - (r.deadlineMs() - deliveryTimeoutMs));
        heldTimeMs.add(waited);
        heldTimeMaxMs.accumulateAndGet(waited, Math::max);
    }

    private void fail(PendingRecord r, RuntimeException error) {
        pool.release(r.reservedBytes());
        dispatcher.failUnsent(r.record(), -1, error);
    }

    // ------------------------------------------------------------------ flush, abort, metrics

    boolean hasHeld() {
        return heldNow.get() > 0;
    }

    /** The futures of every held record, for {@code flush()}. */
    List<CompletableFuture<RecordMetadata>> heldFutures() {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        forEachBarrier(barrier -> {
            for (ResizeBarrier.Generation g : barrier.generations) {
                for (ResizeBarrier.Source s : g.sources) {
                    for (PendingRecord r : s.held) {
                        futures.add(r.record());
                    }
                }
            }
        });
        return futures;
    }

    /** Fails every held record with {@code error} (close, abort, a fatal error). */
    void abortAll(RuntimeException error) {
        forEachBarrier(barrier -> {
            for (ResizeBarrier.Generation g : barrier.generations) {
                for (ResizeBarrier.Source s : g.sources) {
                    while (!s.held.isEmpty()) {
                        PendingRecord r = s.held.pollFirst();
                        barrier.held--;
                        heldNow.decrementAndGet();
                        fail(r, error);
                    }
                }
            }
        });
    }

    private void forEachBarrier(java.util.function.Consumer<ResizeBarrier> action) {
        if (active.get() == 0) {
            return;
        }
        for (TopicQueues tq : topics.values()) {
            ResizeBarrier barrier = tq.resize;
            if (barrier != null) {
                barrier.lock.lock();
                try {
                    action.accept(barrier);
                } finally {
                    barrier.lock.unlock();
                }
            }
        }
    }

    void metrics(Map<String, Number> into) {
        into.put("partition-count-growths-total", resizes.sum());
        into.put("resize-moved-key-records-total", movedRecords.sum());
        into.put("resize-held-records-total", heldRecords.sum());
        into.put("resize-held-records", heldNow.get());
        long total = releasedRecords.sum();
        into.put("resize-hold-time-avg-ms", total == 0 ? 0.0 : (double) heldTimeMs.sum() / total);
        into.put("resize-hold-time-max-ms", heldTimeMaxMs.get());
    }
}
