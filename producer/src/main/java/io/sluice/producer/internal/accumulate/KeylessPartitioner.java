package io.sluice.producer.internal.accumulate;

import io.sluice.producer.Node;
import io.sluice.producer.PartitionInfo;
import io.sluice.producer.internal.metadata.Cluster;
import java.util.ArrayList;
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
 *
 * <p>With a preferred rack ({@code partitioner.rack.aware} and {@code client.rack}, KIP-1123) both draws are made
 * among the partitions whose leader is in that rack, so records stay in the client's zone; when no eligible
 * partition is led there, the draw falls back to every eligible partition.
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
    private final String preferredRack;
    private final AtomicReference<Sticky> current = new AtomicReference<>();
    private volatile LoadStats loadStats;

    /** @param preferredRack the rack whose leaders are preferred, or {@code null} for none */
    KeylessPartitioner(String topic, int stickyBatchSize, String preferredRack) {
        this.topic = topic;
        this.stickyBatchSize = Math.max(1, stickyBatchSize);
        this.preferredRack = preferredRack;
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

    /**
     * Installs new load statistics (from {@code ready}); {@code null} sizes mean uniform. With a preferred rack,
     * keeps only the partitions led there when there is one (compacting both arrays in place).
     */
    void updateLoadStats(int[] queueSizes, int[] partitionIds, int length, Cluster cluster) {
        if (queueSizes == null || length == 0) {
            loadStats = null;
            return;
        }
        if (preferredRack != null) {
            int inRack = 0;
            for (int i = 0; i < length; i++) {
                if (ledInPreferredRack(cluster, partitionIds[i])) {
                    queueSizes[inRack] = queueSizes[i];
                    partitionIds[inRack++] = partitionIds[i];
                }
            }
            // In place: the in-rack entries now lead both arrays; without any, all of them still stand.
            length = inRack > 0 ? inRack : length;
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
        List<PartitionInfo> available = inPreferredRack(cluster.availablePartitionsForTopic(topic));
        int count = cluster.partitionCount(topic);
        if (available.size() > 1 || (available.size() == 1 && count <= 1)) {
            return pickOther(available, random, previous);
        }
        if (available.size() == 1) {
            return available.get(0).partition();
        }
        return random.nextInt(Math.max(1, count));
    }

    /** The partitions led in the preferred rack, or all of them when there is no such rack or partition. */
    private List<PartitionInfo> inPreferredRack(List<PartitionInfo> available) {
        if (preferredRack == null) {
            return available;
        }
        List<PartitionInfo> inRack = new ArrayList<>();
        for (PartitionInfo p : available) {
            if (p.leader() != null && preferredRack.equals(p.leader().rack())) {
                inRack.add(p);
            }
        }
        return inRack.isEmpty() ? available : inRack;
    }

    private boolean ledInPreferredRack(Cluster cluster, int partition) {
        Node leader = cluster.node(cluster.leaderFor(topic, partition));
        return leader != null && preferredRack.equals(leader.rack());
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
