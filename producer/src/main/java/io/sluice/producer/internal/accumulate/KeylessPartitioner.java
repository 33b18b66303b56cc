package io.sluice.producer.internal.accumulate;

import io.sluice.producer.PartitionInfo;
import io.sluice.producer.internal.metadata.Cluster;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Uniform sticky partitioning of keyless records for one topic: records stick to one partition until its batch
 * is full (about {@code batch.size} bytes went there; at most twice that whatever the batches), then a new
 * partition is drawn. The draw is uniform over partitions with a leader or, with adaptive partitioning, weighted
 * toward partitions with shorter queues ({@code weight = maxQueue + 1 - queue}), skipping partitions whose broker
 * was unavailable longer than {@code partitioner.availability.timeout.ms}.
 */
final class KeylessPartitioner {
    /** The current sticky choice; replaced (never mutated except its byte count) when switching. */
    static final class Sticky {
        final int partition;
        final AtomicInteger producedBytes = new AtomicInteger();

        Sticky(int partition) {
            this.partition = partition;
        }
    }

    /** Cumulative weights over the partitions eligible for the draw; immutable. */
    record LoadStats(int[] cumulativeWeights, int[] partitionIds) {}

    private final String topic;
    private final int stickyBatchSize;
    private final AtomicReference<Sticky> current = new AtomicReference<>();
    private volatile LoadStats loadStats;

    KeylessPartitioner(String topic, int stickyBatchSize) {
        this.topic = topic;
        this.stickyBatchSize = Math.max(1, stickyBatchSize);
    }

    /** Returns the current sticky choice, drawing one if there is none. Lock-free. */
    Sticky peek(Cluster cluster) {
        Sticky s = current.get();
        if (s != null) {
            return s;
        }
        Sticky fresh = new Sticky(draw(cluster, -1));
        return current.compareAndSet(null, fresh) ? fresh : current.get();
    }

    /** Returns whether {@code seen} is no longer the current choice (someone switched meanwhile). */
    boolean changed(Sticky seen) {
        return current.get() != seen;
    }

    /**
     * Counts bytes appended to the sticky partition and switches when enough went there; called under the
     * partition's lock.
     *
     * @param batchFull whether the partition's last batch is full (switching only then keeps batches full)
     */
    void onAppended(Sticky seen, int bytes, boolean batchFull, Cluster cluster) {
        int produced = seen.producedBytes.addAndGet(bytes);
        if ((produced >= stickyBatchSize && batchFull) || produced >= 2 * stickyBatchSize) {
            current.compareAndSet(seen, new Sticky(draw(cluster, seen.partition)));
        }
    }

    /**
     * Switches away from {@code seen} because its batch is full and the next record would open a new one; called
     * under the partition's lock. Returns whether the choice changed.
     */
    boolean onBatchFull(Sticky seen, Cluster cluster) {
        if (seen.producedBytes.get() == 0) {
            return false;
        }
        return current.compareAndSet(seen, new Sticky(draw(cluster, seen.partition)));
    }

    /** Installs new load statistics (from {@code ready}); {@code null} means uniform. */
    void updateLoadStats(int[] queueSizes, int[] partitionIds, int length) {
        if (queueSizes == null || length == 0) {
            loadStats = null;
            return;
        }
        int max = 0;
        for (int i = 0; i < length; i++) {
            max = Math.max(max, queueSizes[i]);
        }
        int[] cumulative = new int[length];
        int[] ids = new int[length];
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += max + 1 - queueSizes[i];
            cumulative[i] = sum;
            ids[i] = partitionIds[i];
        }
        loadStats = new LoadStats(cumulative, ids);
    }

    LoadStats loadStats() {
        return loadStats;
    }

    private int draw(Cluster cluster, int previous) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        LoadStats stats = loadStats;
        if (stats != null && stats.partitionIds().length > 0) {
            int[] cumulative = stats.cumulativeWeights();
            int pick = random.nextInt(cumulative[cumulative.length - 1]);
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > pick) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return stats.partitionIds()[lo];
        }
        List<PartitionInfo> available = cluster.availablePartitionsForTopic(topic);
        int count = cluster.partitionCount(topic);
        if (available.size() > 1 || (available.size() == 1 && count <= 1)) {
            return pickOther(available, random, previous);
        }
        if (available.size() == 1) {
            return available.get(0).partition();
        }
        return random.nextInt(Math.max(1, count));
    }

    /** Draws uniformly among available partitions, avoiding {@code previous} when there is a choice. */
    private static int pickOther(List<PartitionInfo> available, ThreadLocalRandom random, int previous) {
        int n = available.size();
        int idx = random.nextInt(n);
        if (n > 1 && available.get(idx).partition() == previous) {
            idx = (idx + 1 + random.nextInt(n - 1)) % n;
        }
        return available.get(idx).partition();
    }
}
