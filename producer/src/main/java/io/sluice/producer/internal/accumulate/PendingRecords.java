package io.sluice.producer.internal.accumulate;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.BufferExhaustedException;
import io.sluice.producer.errors.InterruptException;
import io.sluice.producer.errors.InvalidTopicException;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.errors.TopicAuthorizationException;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records held until their topic's metadata arrives, and the latest cluster snapshot. Everything here is guarded
 * by one lock, which also orders held records against the snapshot: a record is held only while the snapshot it
 * saw under the lock lacks its topic, so no record can miss the update that brings it.
 */
final class PendingRecords {
    private final RecordAccumulator accumulator;
    private final BufferPool pool;
    private final Clock clock;
    private final CompletionDispatcher dispatcher;
    private final PartitionChooser chooser;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition metadataArrived = lock.newCondition();
    /** Guarded by lock; insertion order is the order records were held. */
    private final Map<String, ArrayDeque<PendingRecord>> byTopic = new LinkedHashMap<>();
    /** The topics in {@link #byTopic}, readable without the lock. */
    private final Set<String> holding = ConcurrentHashMap.newKeySet();

    private volatile Cluster cluster = Cluster.empty();
    private volatile boolean shortOfMemory;
    private volatile int count;

    PendingRecords(
            RecordAccumulator accumulator,
            BufferPool pool,
            Clock clock,
            CompletionDispatcher dispatcher,
            PartitionChooser chooser) {
        this.accumulator = accumulator;
        this.pool = pool;
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.chooser = chooser;
    }

    boolean isHolding(String topic) {
        return !holding.isEmpty() && holding.contains(topic);
    }

    Cluster cluster() {
        return cluster;
    }

    boolean hasAny() {
        return count > 0;
    }

    int count() {
        return count;
    }

    boolean waitingForMemory() {
        return shortOfMemory;
    }

    void hold(PendingRecord r, long maxBlockMs, long nowMs) {
        int size = r.record().sizeInBytes();
        pool.reserve(size, maxBlockMs); // may block; outside our lock
        String topic = r.record().topic();
        lock.lock();
        try {
            r.addReservation(size);
            ArrayDeque<PendingRecord> queue = byTopic.get(topic);
            if (queue == null && cluster.partitionCount(topic) > 0) {
                // Metadata arrived meanwhile: place it now unless memory is short.
                if (place(r, cluster, nowMs) != Placement.NO_MEMORY) {
                    return;
                }
            }
            if (queue == null) {
                queue = new ArrayDeque<>();
                byTopic.put(topic, queue);
                holding.add(topic);
            }
            queue.addLast(r);
            count++;
        } finally {
            lock.unlock();
        }
    }

    void onMetadataUpdate(Cluster fresh, long nowMs) {
        lock.lock();
        try {
            cluster = fresh;
            metadataArrived.signalAll();
            processAll(nowMs);
        } finally {
            lock.unlock();
        }
    }

    /** Retries and expires held records; returns how long until the next deadline. */
    long onTick(long nowMs) {
        if (count == 0) {
            return Long.MAX_VALUE;
        }
        lock.lock();
        try {
            processAll(nowMs);
            long next = Long.MAX_VALUE;
            for (ArrayDeque<PendingRecord> q : byTopic.values()) {
                for (PendingRecord r : q) {
                    next = Math.min(next, Math.max(0, r.deadlineMs() - nowMs));
                }
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    private enum Placement {
        PLACED,
        FAILED,
        NO_MEMORY
    }

    private void processAll(long nowMs) {
        boolean short_ = false;
        Iterator<Map.Entry<String, ArrayDeque<PendingRecord>>> it =
                byTopic.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ArrayDeque<PendingRecord>> e = it.next();
            short_ |= processTopic(e.getKey(), e.getValue(), nowMs);
            if (e.getValue().isEmpty()) {
                it.remove();
                holding.remove(e.getKey());
            }
        }
        shortOfMemory = short_;
    }

    /** Returns whether records of the topic are waiting for memory. */
    private boolean processTopic(String topic, ArrayDeque<PendingRecord> queue, long nowMs) {
        Cluster c = cluster;
        if (c.isUnauthorized(topic)) {
            failAll(
                    queue,
                    new TopicAuthorizationException(
                            "Not authorized to describe or write to topic " + topic, topic, -1));
            return false;
        }
        if (c.isInvalid(topic)) {
            failAll(queue, new InvalidTopicException("Invalid topic name " + topic, topic, -1));
            return false;
        }
        if (c.partitionCount(topic) > 0) {
            while (!queue.isEmpty()) {
                PendingRecord r = queue.peekFirst();
                Placement placement = place(r, c, nowMs);
                if (placement == Placement.NO_MEMORY && reserveBatchFromHeldBehind(queue, r)) {
                    continue; // r now holds a whole batch's worth: placing it cannot fail for memory
                }
                if (placement == Placement.NO_MEMORY) {
                    if (r.deadlineMs() > nowMs) {
                        return true;
                    }
                    fail(
                            r,
                            -1,
                            new BufferExhaustedException(
                                    "Failed to allocate memory for a record of " + topic
                                            + " within max.block.ms after its metadata arrived: buffer.memory is exhausted",
                                    topic,
                                    -1));
                }
                queue.pollFirst();
                count--;
            }
            return false;
        }
        while (!queue.isEmpty() && queue.peekFirst().deadlineMs() <= nowMs) {
            PendingRecord r = queue.pollFirst();
            count--;
            fail(r, -1, missingTopic(topic, r));
        }
        return false;
    }

    /**
     * Lets the first held record of a topic take over the reservations of the records held behind it, up to the
     * size of the batch it needs, so that the batch can be made from memory the held records already count.
     * Without this, a burst of sends before a topic's metadata arrives can fill {@code buffer.memory} with held
     * records alone: none of them could then get a batch buffer, nothing would be sent, no memory would come
     * back, and every sender would wait out {@code max.block.ms}. The records whose reservations moved go into
     * that batch or the next ones as they are placed; the bytes counted never grow.
     *
     * @return whether {@code first} now holds at least the batch it needs
     */
    private boolean reserveBatchFromHeldBehind(ArrayDeque<PendingRecord> queue, PendingRecord first) {
        long needed = accumulator.newBatchSize(first);
        if (first.reservedBytes() >= needed) {
            return false; // it had enough: the shortage is elsewhere
        }
        Iterator<PendingRecord> behind = queue.iterator();
        behind.next(); // first itself
        while (behind.hasNext() && first.reservedBytes() < needed) {
            first.takeReservation(behind.next(), needed - first.reservedBytes());
        }
        return first.reservedBytes() >= needed;
    }

    private static TimeoutException missingTopic(String topic, PendingRecord r) {
        return new TimeoutException(
                "Topic " + topic + " not present in metadata within max.block.ms. Likely causes:"
                        + " the topic does not exist and auto.create.topics.enable is off on the brokers, this principal"
                        + " is not authorized to describe it, or no broker is reachable",
                topic,
                r.record().explicitPartition(),
                null,
                null);
    }

    private Placement place(PendingRecord r, Cluster c, long nowMs) {
        int partition;
        try {
            partition = chooser.choose(r, c);
        } catch (RuntimeException e) {
            fail(r, r.record().explicitPartition(), e);
            return Placement.FAILED;
        }
        return accumulator.appendReserved(r, partition, c, nowMs) ? Placement.PLACED : Placement.NO_MEMORY;
    }

    private void failAll(ArrayDeque<PendingRecord> queue, RuntimeException error) {
        while (!queue.isEmpty()) {
            fail(queue.pollFirst(), -1, error);
            count--;
        }
    }

    private void fail(PendingRecord r, int partition, RuntimeException error) {
        pool.release(r.reservedBytes());
        dispatcher.failUnsent(r.record(), partition, error);
    }

    void abortAll(RuntimeException error) {
        lock.lock();
        try {
            for (ArrayDeque<PendingRecord> q : byTopic.values()) {
                failAll(q, error);
            }
            byTopic.clear();
            holding.clear();
        } finally {
            lock.unlock();
        }
    }

    List<CompletableFuture<RecordMetadata>> snapshotFutures() {
        lock.lock();
        try {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(count);
            for (ArrayDeque<PendingRecord> q : byTopic.values()) {
                for (PendingRecord r : q) {
                    futures.add(r.record());
                }
            }
            return futures;
        } finally {
            lock.unlock();
        }
    }

    Cluster awaitTopic(String topic, long maxBlockMs) {
        long deadline = clock.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
        lock.lock();
        try {
            while (true) {
                Cluster c = cluster;
                if (c.partitionCount(topic) > 0) {
                    return c;
                }
                if (c.isUnauthorized(topic)) {
                    throw new TopicAuthorizationException("Not authorized to describe topic " + topic, topic, -1);
                }
                long remaining = deadline - clock.nanoseconds();
                if (remaining <= 0) {
                    throw new TimeoutException(
                            "Topic " + topic + " not present in metadata after " + maxBlockMs + " ms (max.block.ms)",
                            topic,
                            -1,
                            null,
                            null);
                }
                try {
                    clock.await(metadataArrived, remaining);
                } catch (InterruptedException e) {
                    throw new InterruptException("Interrupted while waiting for metadata of " + topic, e);
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
