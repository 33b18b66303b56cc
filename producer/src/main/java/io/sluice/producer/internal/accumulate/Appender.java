package io.sluice.producer.internal.accumulate;

import io.sluice.producer.errors.ProducerClosedException;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.time.Clock;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The accumulator's appends: a sending thread's record into its partition's open batch, with a new batch built
 * outside the partition lock (after waiting for memory, if need be) when none has room; and a held record's, from
 * the memory it reserved, under the lock of whoever held it.
 *
 * <p>Under the partition lock an append only writes the record into a batch and, for a new batch, installs and
 * registers it; {@link PartitionQueue#unlock()} publishes the queue's new head.
 */
final class Appender {
    /** Marker: the record needs a new batch and none was given. */
    private static final long NEEDS_BUFFER = Long.MIN_VALUE;

    /** Marker: the last batch would take the record in a larger buffer ({@link ProducerBatch#growthWanted()}). */
    private static final long NEEDS_GROWTH = Long.MIN_VALUE + 1;

    private final RecordAccumulator accumulator;
    private final BufferPool pool;
    private final Clock clock;
    private final BatchFactory batches;
    private final ResizeOrdering resize;
    private final Set<ProducerBatch> incomplete;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final LongAdder batchesCreated = new LongAdder();

    Appender(
            RecordAccumulator accumulator,
            BufferPool pool,
            Clock clock,
            BatchFactory batches,
            ResizeOrdering resize,
            Set<ProducerBatch> incomplete) {
        this.accumulator = accumulator;
        this.pool = pool;
        this.clock = clock;
        this.batches = batches;
        this.resize = resize;
        this.incomplete = incomplete;
    }

    /** See {@link RecordAccumulator#append}. */
    long append(OutgoingRecord record, int partition, Cluster cluster, long maxBlockMs, long nowMs) {
        inProgress.incrementAndGet();
        ProducerBatch fresh = null; // built outside the lock, installed under it
        try {
            TopicQueues tq = accumulator.topicQueues(record.topic());
            boolean switched = false;
            while (true) {
                KeylessPartitioner.Sticky sticky = partition < 0 ? tq.keyless.peek(cluster) : null;
                int p = sticky != null ? sticky.partition : partition;
                if (fresh != null && fresh.partition() != p) {
                    fresh = batches.newBatch(p, fresh.buffer(), fresh.allocationSize(), record, nowMs);
                }
                PartitionQueue q = tq.queue(p);
                ProducerBatch growing = null;
                long appended = NEEDS_BUFFER;
                ProducerBatch placedWithOlderSnapshot = null;
                q.lock();
                try {
                    if (accumulator.isClosed()) {
                        throw new ProducerClosedException("Producer closed while send in progress");
                    }
                    if (sticky != null && tq.keyless.changed(sticky)) {
                        continue;
                    }
                    long result = appendLocked(q, record, fresh, nowMs);
                    if (result == NEEDS_GROWTH) {
                        growing = q.last();
                    } else if (result != NEEDS_BUFFER) {
                        if (AppendResult.newBatchCreated(result)) {
                            fresh = null;
                        }
                        ProducerBatch last = q.last();
                        if (sticky != null) {
                            tq.keyless.onAppended(sticky, (int) (result >>> 40), last.isFull(), cluster);
                        }
                        appended = AppendResult.of(p, q.hasFullBatch(), AppendResult.newBatchCreated(result));
                        // The one check a topic that never grows pays, under the lock, so that a record placed with
                        // an older partition count cannot slip past a growth installed meanwhile.
                        if (cluster != tq.latest) {
                            placedWithOlderSnapshot = last;
                        }
                    } else if (sticky != null && !switched && fresh == null) {
                        // The sticky partition's batch is full: move on instead of opening a new batch here.
                        switched = true;
                        if (tq.keyless.onBatchFull(sticky, cluster)) {
                            continue;
                        }
                    }
                } finally {
                    q.unlock();
                }
                if (growing != null) {
                    batches.grow(q, growing, maxBlockMs);
                    continue;
                }
                if (appended != NEEDS_BUFFER) {
                    if (placedWithOlderSnapshot != null) {
                        resize.placedWith(tq, placedWithOlderSnapshot, cluster.partitionCount(record.topic()));
                    }
                    return appended;
                }
                // No room: allocate and build the batch outside the lock, then try again (another thread may
                // have made room meanwhile, in which case the new batch goes back to the pool).
                int bufferSize = batches.bufferSizeFor(record);
                ByteBuffer buffer = pool.allocate(bufferSize, maxBlockMs);
                nowMs = clock.milliseconds();
                fresh = batches.newBatch(p, buffer, bufferSize, record, nowMs);
            }
        } finally {
            if (fresh != null) {
                pool.deallocate(fresh.buffer(), fresh.allocationSize());
            }
            inProgress.decrementAndGet();
        }
    }

    /**
     * Appends under the partition lock: to the last batch if it has room, else into {@code fresh} (installed as
     * the new last batch). Returns {@link #NEEDS_BUFFER} when neither is possible, or the flags with the appended
     * byte count in bits 40 and up.
     */
    private long appendLocked(PartitionQueue q, OutgoingRecord record, ProducerBatch fresh, long nowMs) {
        ProducerBatch last = q.last();
        if (last != null) {
            int bytes = last.tryAppend(record);
            // When it filled, for the accumulate stage: the time it turned sendable, if before linger.ms.
            last.noteFullAt(nowMs);
            if (bytes >= 0) {
                return (long) bytes << 40;
            }
            if (last.growthWanted() > 0) {
                if (fresh == null) {
                    return NEEDS_GROWTH;
                }
                last.markFull(); // a new batch is at hand already: open it rather than grow this one
            }
        }
        if (fresh == null) {
            return NEEDS_BUFFER; // the last batch may have just turned full: unlock publishes it
        }
        int bytes = fresh.tryAppend(record);
        if (bytes < 0) {
            throw new IllegalStateException("A fresh batch had no room for its first record");
        }
        fresh.noteFullAt(nowMs);
        q.addLast(fresh);
        // Registered under the lock so no drain, completion or flush can see the batch before it is counted.
        incomplete.add(fresh);
        batchesCreated.increment();
        // Count the batch header too, so "batch.size bytes went to this partition" matches a full batch.
        return ((long) (bytes + RecordBatchBuilder.BATCH_OVERHEAD) << 40) | AppendResult.NEW_BATCH;
    }

    /** See {@link RecordAccumulator#appendReserved}. */
    boolean appendReserved(PendingRecord held, int partition, Cluster cluster, long nowMs) {
        OutgoingRecord record = held.record();
        TopicQueues tq = accumulator.topicQueues(record.topic());
        while (true) {
            KeylessPartitioner.Sticky sticky = partition < 0 ? tq.keyless.peek(cluster) : null;
            PartitionQueue q = tq.queue(sticky != null ? sticky.partition : partition);
            q.lock();
            try {
                if (sticky != null && tq.keyless.changed(sticky)) {
                    continue;
                }
                long result = appendLocked(q, record, null, nowMs);
                if (result == NEEDS_GROWTH) {
                    // This path holds the lock and cannot wait for memory: start a new batch instead of growing.
                    q.last().markFull();
                    result = NEEDS_BUFFER;
                }
                if (result == NEEDS_BUFFER) {
                    // Rare path (records that waited): the batch is built under the lock.
                    int size = batches.bufferSizeFor(record);
                    ByteBuffer buffer = pool.exchangeReservation(held.reservedBytes(), size);
                    if (buffer == null) {
                        return false;
                    }
                    ProducerBatch fresh = batches.newBatch(q.partition, buffer, size, record, nowMs);
                    result = appendLocked(q, record, fresh, nowMs);
                } else {
                    pool.release(held.reservedBytes());
                }
                if (sticky != null) {
                    tq.keyless.onAppended(
                            sticky, (int) (result >>> 40), q.last().isFull(), cluster);
                }
                return true;
            } finally {
                q.unlock();
            }
        }
    }

    /** Returns whether some sending thread is inside {@link #append}. */
    boolean inProgress() {
        return inProgress.get() > 0;
    }

    /** Returns how many batches appends created. */
    long batchesCreated() {
        return batchesCreated.sum();
    }
}
