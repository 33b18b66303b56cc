package io.sluice.producer.partition;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A consistent key mapping: when a topic grows from {@code n} to {@code m} partitions, only about
 * {@code 1 - n/m} of the keys move (each to one of the new partitions), where the Java client's
 * {@code murmur2(key) % count} moves half of the keys when the count doubles and most of them otherwise (80% from 4
 * to 5 partitions, keys moving between old partitions too). Name it with {@code partitioner.class}.
 *
 * <p><b>This mapping differs from Apache Kafka's Java client</b> (and from Sluice's default): switching to it, or
 * mixing producers with and without it on one topic, sends a key to another partition than before. Pick it when a
 * topic is created, or accept one reshuffle when switching.
 *
 * <p>The mapping, so that any client can reproduce it: the serialized key is hashed with 64-bit FNV-1a (offset
 * basis {@code 0xcbf29ce484222325}, prime {@code 0x100000001b3}), the hash is mixed with the SplitMix64 finalizer
 * ({@code z ^= z >>> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >>> 27; z *= 0x94d049bb133111eb; z ^= z >>> 31}), and the
 * result picks a bucket with the jump consistent hash of Lamping and Veach ("A Fast, Minimal Memory, Consistent
 * Hash Algorithm", 2014). Records without a key use the producer's built-in sticky partitioner inside
 * {@code SluiceProducer}; called directly, this class spreads them at random.
 *
 * <p>With {@code sluice.partitioner.resize.ordering=drain} the producer's resize barrier applies to this mapping as
 * to the default one (see {@code docs/ORDERING.md}).
 */
public class JumpHashPartitioner implements Partitioner {
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** The linear congruential step of the jump hash's pseudo-random sequence. */
    private static final long LCG_MULTIPLIER = 2862933555777941757L;

    /** Creates the partitioner. */
    public JumpHashPartitioner() {}

    @Override
    public int partition(
            String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, ClusterView cluster) {
        int count = cluster.partitionCount(topic);
        if (keyBytes == null) {
            return ThreadLocalRandom.current().nextInt(count);
        }
        return partitionForKey(keyBytes, count);
    }

    /** Returns the partition of a serialized key among {@code numPartitions}; allocates nothing. */
    public static int partitionForKey(byte[] keyBytes, int numPartitions) {
        return bucket(hash64(keyBytes), numPartitions);
    }

    /** Returns the 64-bit hash this mapping uses: FNV-1a, then the SplitMix64 finalizer. */
    public static long hash64(byte[] data) {
        long h = FNV_OFFSET_BASIS;
        for (byte b : data) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        // FNV-1a alone leaves the high bits, which the jump below reads first, weakly mixed for short keys.
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }

    /**
     * Jump consistent hash: returns a bucket in {@code [0, buckets)} for {@code key}. The key seeds a pseudo-random
     * sequence of jumps forward through the bucket numbers; each jump lands beyond the current bucket with exactly the
     * probability that the key would have moved there when that bucket was added, and the last landing below
     * {@code buckets} is the answer. Growing from {@code n} to {@code m} buckets therefore moves a key only when a
     * jump lands in {@code [n, m)}, which happens for a share {@code 1 - n/m} of the keys.
     */
    static int bucket(long key, int buckets) {
        if (buckets <= 0) {
            throw new IllegalArgumentException("buckets must be positive: " + buckets);
        }
        long bucket = -1;
        long next = 0;
        long state = key;
        while (next < buckets) {
            bucket = next;
            state = state * LCG_MULTIPLIER + 1;
            // (state >>> 33) + 1 is uniform in [1, 2^31]; the quotient is the next jump's length factor.
            next = (long) ((bucket + 1) * ((double) (1L << 31) / (double) ((state >>> 33) + 1)));
        }
        return (int) bucket;
    }
}
