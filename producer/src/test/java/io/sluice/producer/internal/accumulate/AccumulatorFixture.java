package io.sluice.producer.internal.accumulate;

import io.sluice.producer.Callback;
import io.sluice.producer.RecordMetadata;
import io.sluice.producer.internal.ManualClock;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.partition.KeyHashing;
import io.sluice.protocol.record.Compression;
import io.sluice.protocol.record.Header;
import java.util.concurrent.CompletableFuture;

/** An accumulator on a manual clock whose completions run inline. */
final class AccumulatorFixture {
    static final Header[] NO_HEADERS = new Header[0];

    final ManualClock clock = new ManualClock();
    final BufferPool pool;
    final RecordAccumulator acc;

    AccumulatorFixture(int batchSize, long lingerMs, long memory) {
        this(
                new AccumulatorSettings(
                        batchSize, lingerMs, 100, 1000, 120_000, Compression.NONE, true, 0, null, false),
                memory);
    }

    AccumulatorFixture(AccumulatorSettings settings, long memory) {
        pool = new BufferPool(memory, settings.batchSize(), clock, settings.incrementalAllocation());
        acc = new RecordAccumulator(settings, pool, clock, CompletionDispatcher.direct(), AccumulatorFixture::choose);
    }

    static int choose(PendingRecord held, Cluster c) {
        OutgoingRecord r = held.record();
        if (r.explicitPartition() >= 0) {
            return r.explicitPartition();
        }
        return r.key() == null
                ? PartitionChooser.KEYLESS
                : KeyHashing.partitionForKey(r.key(), c.partitionCount(r.topic()));
    }

    long now() {
        return clock.milliseconds();
    }

    CompletableFuture<RecordMetadata> append(String topic, int partition, byte[] value, Cluster cluster) {
        return append(topic, partition, value, cluster, null);
    }

    CompletableFuture<RecordMetadata> append(
            String topic, int partition, byte[] value, Cluster cluster, Callback callback) {
        OutgoingRecord f = new OutgoingRecord(topic, partition, now(), null, value, NO_HEADERS, callback);
        acc.append(f, partition, cluster, 0, now());
        return f;
    }
}
