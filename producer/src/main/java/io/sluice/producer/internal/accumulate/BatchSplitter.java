package io.sluice.producer.internal.accumulate;

import io.sluice.protocol.record.DecodedBatch;
import io.sluice.protocol.record.DecodedRecord;
import io.sluice.protocol.record.RecordBatchBuilder;
import io.sluice.protocol.record.RecordBatchReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a sealed batch the broker refused as too large (MESSAGE_TOO_LARGE) into two sealed halves that take over
 * its records' futures and callbacks, its creation time (the delivery timeout still counts from {@code send()})
 * and, for an idempotent batch, its sequence range. The halves live on the heap outside {@code buffer.memory}.
 * Rare: the sender calls it only for refused batches; the accumulator queues the halves.
 */
final class BatchSplitter {
    private BatchSplitter() {}

    /**
     * Returns the sealed halves of {@code batch}, in record order. Each half removes itself from
     * {@code incomplete} once its callbacks have run; registering them there is the caller's job.
     */
    static List<ProducerBatch> split(
            ProducerBatch batch,
            AccumulatorSettings settings,
            CompletionDispatcher dispatcher,
            Set<ProducerBatch> incomplete) {
        List<DecodedRecord> records = new ArrayList<>(batch.recordCount());
        for (DecodedBatch decoded : RecordBatchReader.readAll(batch.sealed().duplicate())) {
            records.addAll(decoded.records());
        }
        int half = (records.size() + 1) / 2;
        List<ProducerBatch> children = new ArrayList<>(2);
        for (int from = 0; from < records.size(); from += half) {
            int to = Math.min(records.size(), from + half);
            ProducerBatch child = half(batch, records, from, to, settings, dispatcher);
            child.onCallbacksRun(() -> incomplete.remove(child));
            if (batch.hasSequence()) {
                // The broker never wrote the refused batch: its halves take over its sequence range, so
                // batches stamped after it stay in order.
                child.setProducerState(
                        batch.producerId(),
                        batch.producerEpoch(),
                        batch.baseSequence() + from,
                        batch.isTransactional());
            }
            // Sealed at once, so a retry of a later batch queues behind the halves (reenqueue orders sealed
            // batches by sequence).
            child.seal();
            children.add(child);
        }
        return children;
    }

    private static ProducerBatch half(
            ProducerBatch batch,
            List<DecodedRecord> records,
            int from,
            int to,
            AccumulatorSettings settings,
            CompletionDispatcher dispatcher) {
        int capacity = 0;
        for (int i = from; i < to; i++) {
            DecodedRecord r = records.get(i);
            capacity += RecordBatchBuilder.sizeOfSingleRecordBatch(r.timestamp(), r.key(), r.value(), r.headerArray());
        }
        ByteBuffer buffer = ByteBuffer.allocate(capacity);
        RecordBatchBuilder builder = new RecordBatchBuilder(
                buffer, settings.compression(), records.get(from).timestamp());
        ProducerBatch child = new ProducerBatch(
                batch.topic(),
                batch.partition(),
                buffer,
                0,
                Integer.MAX_VALUE,
                builder,
                batch.createdMs(),
                dispatcher,
                to - from,
                null);
        for (int i = from; i < to; i++) {
            if (!batch.moveRecordTo(i, child, records.get(i))) {
                throw new IllegalStateException("a split half had no room for its records");
            }
        }
        return child;
    }
}
