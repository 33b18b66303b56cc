package io.sluice.producer.internal.accumulate;

import io.sluice.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Makes an accumulator's batches and grows them: where a batch's memory comes from, with
 * {@code buffer.memory.allocation.strategy} deciding whether it is {@code batch.size} up front or follows the
 * records.
 */
final class BatchFactory {
    private final AccumulatorSettings settings;
    private final BufferPool pool;
    private final CompletionDispatcher dispatcher;
    private final SlotPool slotPool;
    private final Set<ProducerBatch> incomplete;
    private final BatchTimings timings;

    BatchFactory(
            AccumulatorSettings settings,
            BufferPool pool,
            CompletionDispatcher dispatcher,
            SlotPool slotPool,
            Set<ProducerBatch> incomplete,
            BatchTimings timings) {
        this.settings = settings;
        this.pool = pool;
        this.dispatcher = dispatcher;
        this.slotPool = slotPool;
        this.incomplete = incomplete;
        this.timings = timings;
    }

    /** Returns the buffer a new batch for {@code first} needs: {@code batch.size}, or the record alone if larger. */
    int bufferSizeFor(OutgoingRecord first) {
        return settings.firstBufferSize(first.sizeInBytes());
    }

    /** Builds an empty batch of {@code first}'s topic on {@code buffer}, sized for records like {@code first}. */
    ProducerBatch newBatch(int partition, ByteBuffer buffer, int bufferSize, OutgoingRecord first, long nowMs) {
        buffer.clear();
        RecordBatchBuilder builder = new RecordBatchBuilder(buffer, settings.compression(), first.timestamp());
        int firstSize = first.sizeInBytes() - RecordBatchBuilder.BATCH_OVERHEAD;
        int expected = Math.min(4096, bufferSize / Math.max(1, firstSize) + 1);
        ProducerBatch batch = new ProducerBatch(
                first.topic(),
                partition,
                buffer,
                bufferSize,
                settings.batchSize(),
                builder,
                nowMs,
                dispatcher,
                expected,
                slotPool);
        batch.onCallbacksRun(() -> incomplete.remove(batch));
        batch.timings(timings);
        if (settings.incrementalAllocation()) {
            batch.growIncrementally();
        }
        return batch;
    }

    /**
     * Gives the queue's last batch the larger buffer its next record asked for: taken from the pool outside the lock
     * (it may wait for memory), installed under it if the batch is still open, last and of the same size; the buffer
     * left over goes back to the pool.
     */
    void grow(PartitionQueue q, ProducerBatch batch, long maxBlockMs) {
        int from;
        int to;
        q.lock();
        try {
            from = batch.allocationSize();
            to = batch.growthWanted();
        } finally {
            q.unlock();
        }
        if (to <= from) {
            return;
        }
        ByteBuffer bigger = pool.allocate(to, maxBlockMs);
        ByteBuffer left = bigger;
        int leftSize = to;
        q.lock();
        try {
            if (q.last() == batch && batch.allocationSize() == from && batch.growthWanted() == to) {
                left = batch.growInto(bigger, to);
                leftSize = from;
            }
        } finally {
            q.unlock();
        }
        pool.deallocate(left, leftSize);
    }
}
