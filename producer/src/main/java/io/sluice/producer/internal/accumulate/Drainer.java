package io.sluice.producer.internal.accumulate;

import io.sluice.producer.internal.metadata.Cluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accumulator's drain: takes batches out of the partition queues for the sender, one partition at a time
 * under its lock, and stamps (idempotence) and seals each outside the lock. Sender thread only.
 */
final class Drainer {
    private final ConcurrentHashMap<String, TopicQueues> topics;
    private final NodeAvailability availability;
    /** Per broker, where the next drain starts among the partitions it leads. */
    private final Map<Integer, Integer> drainIndexByNode = new HashMap<>();

    private volatile BatchStamper stamper = BatchStamper.NONE;

    Drainer(ConcurrentHashMap<String, TopicQueues> topics, NodeAvailability availability) {
        this.topics = topics;
        this.availability = availability;
    }

    void setStamper(BatchStamper stamper) {
        this.stamper = stamper;
    }

    /**
     * Takes at most one batch per partition from the partitions each ready broker leads, sealing each, starting
     * where the previous drain of that broker stopped so every partition gets its turn, and stopping at
     * {@code maxRequestSize} bytes per broker (a first batch is always taken). Batches in retry backoff and muted
     * partitions are skipped.
     */
    Map<Integer, List<ProducerBatch>> drain(Cluster cluster, Set<Integer> readyNodes, int maxRequestSize, long nowMs) {
        Map<Integer, List<ProducerBatch>> result = new HashMap<>();
        for (int node : readyNodes) {
            List<ProducerBatch> batches = drainNode(cluster, node, maxRequestSize, nowMs);
            if (!batches.isEmpty()) {
                result.put(node, batches);
            }
        }
        return result;
    }

    private List<ProducerBatch> drainNode(Cluster cluster, int node, int maxRequestSize, long nowMs) {
        List<Cluster.TopicPartitionRef> led = cluster.partitionsLedBy(node);
        List<ProducerBatch> ready = new ArrayList<>();
        if (led.isEmpty()) {
            return ready;
        }
        int n = led.size();
        int start = drainIndexByNode.getOrDefault(node, 0) % n;
        int size = 0;
        int i = 0;
        for (; i < n; i++) {
            Cluster.TopicPartitionRef ref = led.get((start + i) % n);
            TopicQueues tq = topics.get(ref.topic());
            PartitionQueue q = tq == null ? null : tq.existing(ref.partition());
            if (q == null || q.muted) {
                continue;
            }
            ProducerBatch batch;
            q.lock();
            try {
                ProducerBatch first = q.first();
                if (first == null
                        || (first.attempts() > 0 && nowMs - first.lastAttemptMs() < first.retryBackoffMs())
                        || !stamper.mayDrain(first)) {
                    continue;
                }
                if (!ready.isEmpty() && size + first.estimatedSizeInBytes() > maxRequestSize) {
                    break;
                }
                batch = q.pollFirst();
            } finally {
                q.unlock();
            }
            if (!batch.isSealed()) {
                stamper.stamp(batch);
                batch.seal();
            }
            batch.onDrained(nowMs);
            size += batch.estimatedSizeInBytes();
            ready.add(batch);
        }
        // Resume at the partition that did not fit; after a full pass every partition had its turn.
        drainIndexByNode.put(node, (start + i) % n);
        availability.onDrained(node, nowMs);
        return ready;
    }
}
