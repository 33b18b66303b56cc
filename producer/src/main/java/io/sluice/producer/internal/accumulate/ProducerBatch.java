package io.sluice.producer.internal.accumulate;

import io.sluice.producer.Callback;
import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatchBuilder;
import io.sluice.protocol.record.RecordBatches;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The records of one topic-partition that travel together: an open record batch while it is being filled, the
 * sealed bytes once drained, and per record the future and callback to complete.
 *
 * <p>Life cycle: <b>open</b> (in its partition's queue, appended to under the queue's lock) → <b>sealed</b> by
 * {@code drain} (no more appends; {@link #sealed()} holds the wire bytes) → possibly back in the queue for a retry
 * (sealed bytes kept; {@link #restamp} may change producer id and epoch) → <b>done</b> by exactly one of
 * {@link #complete} or {@link #completeExceptionally}, after which the sender returns its memory with
 * {@code RecordAccumulator.deallocate}.
 *
 * <p>Idempotence hooks: {@link #setProducerState} is applied when the batch is first drained (the accumulator's
 * {@link BatchStamper} decides), and kept across retries.
 */
public final class ProducerBatch {
    /** The producer id meaning "not idempotent". */
    public static final long NO_PRODUCER_ID = -1L;

    private final String topic;
    private final int partition;
    private final long createdMs;
    // Replaced only while open, under the partition lock, when the batch grows (incremental allocation).
    private ByteBuffer buffer;
    private int allocationSize;
    private final int batchSizeLimit;
    /** Whether the batch may take more memory as records arrive ({@code buffer.memory.allocation.strategy}). */
    private boolean growable;
    /** The buffer size the record that did not fit asked for; 0 when none did. */
    private int growthWanted;

    private final RecordBatchBuilder builder;
    private final CompletionDispatcher dispatcher;
    private final AtomicBoolean done = new AtomicBoolean();
    private final AtomicBoolean deallocated = new AtomicBoolean();
    private final CountDownLatch callbacksRun = new CountDownLatch(1);
    private volatile Runnable onCallbacksRun;
    /** Where the batch's stage latencies go; set at creation, before any other thread sees the batch. */
    private BatchTimings timings;
    /** When the batch first had no room for another record; -1 while it had. Written under the partition lock. */
    private long fullSinceMs = -1;
    /** When complete or completeExceptionally handed the batch to the callback thread. */
    private volatile long completedNanos;

    // Per record, index = offset delta; grown by doubling under the partition lock. Record i (its own future, and
    // what its metadata reads its timestamp and sizes from) is slots[2i], its callback slots[2i+1]; the slot array
    // goes back to the pool once the callbacks have run.
    private final SlotPool slotPool;
    private Object[] slots;
    private int count;
    /** The largest record appended, in bytes, for {@code record-size-max}. */
    private int maxRecordBytes;

    private boolean full;

    private ByteBuffer sealed;
    private int attempts;
    private long lastAttemptMs;
    private long retryBackoffMs;
    private long producerId = NO_PRODUCER_ID;
    private short producerEpoch = -1;
    private int baseSequence = -1;
    private boolean transactional;

    ProducerBatch(
            String topic,
            int partition,
            ByteBuffer buffer,
            int allocationSize,
            int batchSizeLimit,
            RecordBatchBuilder builder,
            long createdMs,
            CompletionDispatcher dispatcher,
            int expectedRecords,
            SlotPool slotPool) {
        this.topic = topic;
        this.partition = partition;
        this.buffer = buffer;
        this.allocationSize = allocationSize;
        this.batchSizeLimit = batchSizeLimit;
        this.builder = builder;
        this.createdMs = createdMs;
        this.lastAttemptMs = createdMs;
        this.dispatcher = dispatcher;
        // Sized from the first record so a batch of similar records never regrows its arrays.
        int capacity = Math.max(1, expectedRecords);
        this.slotPool = slotPool;
        this.slots = slotPool != null ? slotPool.take(2 * capacity) : new Object[2 * capacity];
    }

    /**
     * Appends a record if it fits, taking over its callback and dropping its payload (the batch has its bytes);
     * caller holds the partition lock. Returns the bytes appended, or {@code -1} when the batch is full (it then
     * stays full).
     */
    int tryAppend(OutgoingRecord record) {
        int bytes = tryAppend(
                record.timestamp(), record.key(), record.value(), record.headers(), record, record.callback());
        if (bytes >= 0) {
            record.handedToBatch();
        }
        return bytes;
    }

    /**
     * Appends {@code record} with bytes and callback given apart (a split half gets them from the sealed batch and
     * its slots).
     */
    private int tryAppend(
            long timestamp, byte[] key, byte[] value, Header[] headers, OutgoingRecord record, Callback callback) {
        int bytes = full || sealed != null ? -1 : builder.tryAppend(timestamp, key, value, headers);
        if (bytes < 0) {
            if (!full && sealed == null && growable && wantsGrowthFor(timestamp, key, value, headers)) {
                return -1; // not full: a larger buffer would take the record
            }
            full = true;
            return -1;
        }
        if (2 * count == slots.length) {
            slots = Arrays.copyOf(slots, 2 * Math.max(8, count * 2));
        }
        if (bytes > maxRecordBytes) {
            maxRecordBytes = bytes;
        }
        slots[2 * count] = record;
        slots[2 * count + 1] = callback;
        count++;
        if (builder.sizeInBytes() >= batchSizeLimit) {
            full = true;
        }
        return bytes;
    }

    /**
     * Whether growing the buffer, up to {@code batch.size}, would take the record; if so, notes the size to grow to:
     * at least twice the present one, so a batch is copied only a few times on its way to full.
     */
    private boolean wantsGrowthFor(long timestamp, byte[] key, byte[] value, Header[] headers) {
        long needed = builder.sizeWith(timestamp, key, value, headers);
        if (allocationSize >= batchSizeLimit || needed > batchSizeLimit) {
            return false;
        }
        growthWanted = (int) Math.min(batchSizeLimit, Math.max(needed, 2L * allocationSize));
        return true;
    }

    /** Lets the batch take memory as records arrive instead of {@code batch.size} up front. */
    void growIncrementally() {
        this.growable = true;
    }

    /**
     * The buffer size the last record that did not fit asked for, or 0 when the batch cannot grow for it (it is
     * then full). Caller holds the partition lock.
     */
    int growthWanted() {
        return full || sealed != null ? 0 : growthWanted;
    }

    /**
     * Moves the open batch into {@code bigger} ({@code size} bytes taken from the pool) and returns the buffer it
     * leaves, for the pool; caller holds the partition lock and checked {@link #growthWanted()} under it.
     */
    ByteBuffer growInto(ByteBuffer bigger, int size) {
        bigger.clear();
        builder.moveTo(bigger);
        ByteBuffer old = buffer;
        buffer = bigger;
        allocationSize = size;
        growthWanted = 0;
        return old;
    }

    /** Notes that the batch had no room left at {@code nowMs}, if it is full; caller holds the partition lock. */
    void noteFullAt(long nowMs) {
        if (fullSinceMs < 0 && isFull()) {
            fullSinceMs = nowMs;
        }
    }

    /** When the batch became sendable: when it filled, or when it had lingered {@code lingerMs}, whichever came first. */
    long readyMs(long lingerMs) {
        long lingered = createdMs + lingerMs;
        long filled = fullSinceMs;
        return filled >= 0 ? Math.min(filled, lingered) : lingered;
    }

    /** Sets where the batch records its stage latencies; called once, when it is created. */
    void timings(BatchTimings timings) {
        this.timings = timings;
    }

    /** Takes no more records: the next one opens a new batch. Caller holds the partition lock. */
    void markFull() {
        full = true;
    }

    private OutgoingRecord record(int i) {
        return (OutgoingRecord) slots[2 * i];
    }

    /** Returns whether no more records fit (or it is sealed); caller holds the partition lock. */
    boolean isFull() {
        return full || sealed != null;
    }

    /** Returns whether drain has sealed it (its bytes are fixed), without copying them as {@link #sealed()} does. */
    boolean isSealed() {
        return sealed != null;
    }

    /** Seals the batch if it is not yet sealed, with the producer state set so far; called by drain. */
    void seal() {
        if (sealed == null) {
            full = true;
            sealed = builder.seal(producerId, producerEpoch, baseSequence, transactional);
        }
    }

    /** Marks one more send attempt; called by drain. */
    void onDrained(long nowMs) {
        attempts++;
        lastAttemptMs = nowMs;
        if (attempts == 1 && timings != null) {
            timings.firstDrain(this, nowMs);
        }
    }

    void onReenqueued(long nowMs, long backoffMs) {
        lastAttemptMs = nowMs;
        retryBackoffMs = backoffMs;
    }

    /**
     * Sets the idempotence state before sealing: producer id, epoch, first sequence number and whether it is part
     * of a transaction. After sealing, use {@link #restamp}.
     */
    public void setProducerState(long producerId, short epoch, int baseSequence, boolean transactional) {
        if (sealed != null) {
            throw new IllegalStateException("Batch already sealed; use restamp");
        }
        this.producerId = producerId;
        this.producerEpoch = epoch;
        this.baseSequence = baseSequence;
        this.transactional = transactional;
    }

    /** Rewrites producer id, epoch and base sequence of the sealed bytes (e.g. after an epoch bump), CRC included. */
    public void restamp(long producerId, short epoch, int baseSequence) {
        if (sealed == null) {
            throw new IllegalStateException("Batch not sealed yet");
        }
        RecordBatches.restamp(sealed, producerId, epoch, baseSequence);
        this.producerId = producerId;
        this.producerEpoch = epoch;
        this.baseSequence = baseSequence;
    }

    /**
     * Completes every record with success, in send order, exactly once: record {@code i} gets offset
     * {@code baseOffset + i} and timestamp {@code logAppendTime} when the broker gives one ({@code != -1}), else its
     * own. Futures and callbacks run on the callback thread.
     *
     * @param baseOffset the offset of the first record, or {@code -1} when unknown (acks=0)
     * @param logAppendTime the broker's append time for LogAppendTime topics, else {@code -1}
     * @return false when the batch was already completed
     */
    public boolean complete(long baseOffset, long logAppendTime) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        stampCompletion();
        dispatcher.dispatch(() -> fire(baseOffset, logAppendTime, null));
        return true;
    }

    /**
     * Fails every record with {@code error}, in send order, exactly once.
     *
     * @return false when the batch was already completed
     */
    public boolean completeExceptionally(RuntimeException error) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        stampCompletion();
        dispatcher.dispatch(() -> fire(-1L, -1L, error));
        return true;
    }

    private void stampCompletion() {
        if (timings != null) {
            completedNanos = timings.completedNanos();
        }
    }

    private void fire(long baseOffset, long logAppendTime, RuntimeException error) {
        try {
            // One shared source per batch; each record's metadata is a view of it and of the record.
            BatchRecordValues values = new BatchRecordValues(topic, partition, baseOffset, logAppendTime);
            for (int i = 0; i < count; i++) {
                OutgoingRecord record = record(i);
                RecordMetadata md = values.metadata(record, i);
                CompletionDispatcher.completeOne(record, (Callback) slots[2 * i + 1], md, error);
                slots[2 * i] = null;
                slots[2 * i + 1] = null;
            }
            if (slotPool != null) {
                slotPool.give(slots);
            }
            slots = null;
        } finally {
            if (timings != null) {
                timings.callbacksRun(this, completedNanos);
            }
            callbacksRun.countDown();
            Runnable hook = onCallbacksRun;
            if (hook != null) {
                hook.run();
            }
            if (splitParent != null && splitParent.unfinishedChildren.decrementAndGet() == 0) {
                splitParent.callbacksRun.countDown();
            }
        }
    }

    /** Sets what runs once every callback of this batch has run (the accumulator forgets the batch then). */
    void onCallbacksRun(Runnable hook) {
        this.onCallbacksRun = hook;
    }

    /** Waits until every callback of this batch has run. */
    boolean awaitCallbacks(long timeout, TimeUnit unit) throws InterruptedException {
        return callbacksRun.await(timeout, unit);
    }

    void awaitCallbacks() throws InterruptedException {
        callbacksRun.await();
    }

    /** Returns the exception for a batch that reached {@code delivery.timeout.ms}. */
    public TimeoutException deliveryTimeoutException(long nowMs) {
        return new TimeoutException(
                "Expiring " + count + " record(s) for " + topic + "-" + partition + ": " + (nowMs - createdMs)
                        + " ms has passed since batch creation (delivery.timeout.ms)",
                topic,
                partition,
                null,
                null);
    }

    boolean markDeallocated() {
        return deallocated.compareAndSet(false, true);
    }

    ByteBuffer buffer() {
        return buffer;
    }

    int allocationSize() {
        return allocationSize;
    }

    /** Returns the topic. */
    public String topic() {
        return topic;
    }

    /** Returns the partition. */
    public int partition() {
        return partition;
    }

    /** The largest record appended, in bytes. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** The batch's size before compression: its size when sealed uncompressed, or while open. */
    public int uncompressedBytes() {
        return builder.uncompressedSizeInBytes();
    }

    /** Returns the number of records. */
    public int recordCount() {
        return count;
    }

    /** Returns the bytes written so far (before sealing, the uncompressed estimate). */
    public int estimatedSizeInBytes() {
        return sealed != null ? sealed.remaining() : builder.sizeInBytes();
    }

    /** Returns the sealed wire bytes (a record batch v2), or {@code null} before the first drain. */
    public ByteBuffer sealed() {
        return sealed == null ? null : sealed.duplicate();
    }

    /** Returns when the batch was created, in clock milliseconds. */
    public long createdMs() {
        return createdMs;
    }

    /** Returns how often the batch has been drained for sending. */
    public int attempts() {
        return attempts;
    }

    /** Returns when it was last drained or re-enqueued. */
    public long lastAttemptMs() {
        return lastAttemptMs;
    }

    long retryBackoffMs() {
        return retryBackoffMs;
    }

    /** Returns whether the batch reached {@code delivery.timeout.ms}. */
    public boolean hasReachedDeliveryTimeout(long deliveryTimeoutMs, long nowMs) {
        return nowMs - createdMs >= deliveryTimeoutMs;
    }

    /** Returns whether it was completed. */
    public boolean isDone() {
        return done.get();
    }

    /**
     * Returns whether every record of this batch has its outcome (acknowledged or failed). Unlike {@link #isDone()},
     * a batch split after a MESSAGE_TOO_LARGE answer is settled only once all the batches it was split into are.
     */
    boolean settled() {
        if (!done.get()) {
            return false;
        }
        java.util.List<ProducerBatch> replacements = children;
        if (replacements != null) {
            for (ProducerBatch child : replacements) {
                if (!child.settled()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Returns the producer id stamped, or {@link #NO_PRODUCER_ID}. */
    public long producerId() {
        return producerId;
    }

    /** Returns the producer epoch stamped, or {@code -1}. */
    public short producerEpoch() {
        return producerEpoch;
    }

    /** Returns the base sequence stamped, or {@code -1}. */
    public int baseSequence() {
        return baseSequence;
    }

    /** Returns whether it belongs to a transaction. */
    public boolean isTransactional() {
        return transactional;
    }

    /** Returns whether the producer state was stamped (idempotent producer). */
    public boolean hasSequence() {
        return baseSequence >= 0;
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + topic + "-" + partition + ", records=" + count + ", attempts=" + attempts + ")";
    }

    // ------------------------------------------------------------------ splitting (MESSAGE_TOO_LARGE)

    /** Set on the batches a split made: the batch whose callbacks they took over. */
    private ProducerBatch splitParent;

    /** The batches this one was split into; set before it is marked done, so {@link #settled()} sees them. */
    private volatile java.util.List<ProducerBatch> children;

    private final java.util.concurrent.atomic.AtomicInteger unfinishedChildren =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Appends decoded record {@code i} of this sealed batch to {@code child}, handing the record (future, callback)
     * over; the child then completes it. Returns false when the child has no room.
     */
    boolean moveRecordTo(int i, ProducerBatch child, io.sluice.protocol.record.DecodedRecord r) {
        int bytes = child.tryAppend(
                r.timestamp(), r.key(), r.value(), r.headerArray(), record(i), (Callback) slots[2 * i + 1]);
        if (bytes < 0) {
            return false;
        }
        slots[2 * i] = null;
        slots[2 * i + 1] = null;
        return true;
    }

    /**
     * Marks this batch as replaced by {@code children}: it completes nothing itself, and a flush waiting on it
     * is released once every child has run its callbacks.
     */
    void replacedBy(java.util.List<ProducerBatch> children) {
        this.children = java.util.List.copyOf(children);
        done.set(true);
        unfinishedChildren.set(children.size());
        for (ProducerBatch child : children) {
            child.splitParent = this;
        }
    }
}
