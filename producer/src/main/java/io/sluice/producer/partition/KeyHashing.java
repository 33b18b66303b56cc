package io.sluice.producer.partition;

/**
 * The key hash of Apache Kafka's Java client: 32-bit MurmurHash2 with seed {@code 0x9747b28c}, made positive by
 * clearing the sign bit, modulo the partition count. A key lands on the same partition with either producer.
 */
public final class KeyHashing {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private KeyHashing() {}

    /** Returns the partition of a serialized key among {@code numPartitions}. */
    public static int partitionForKey(byte[] keyBytes, int numPartitions) {
        return toPositive(murmur2(keyBytes)) % numPartitions;
    }

    /** Clears the sign bit (not {@code Math.abs}, which keeps {@code Integer.MIN_VALUE} negative). */
    public static int toPositive(int n) {
        return n & 0x7fffffff;
    }

    /** Returns the 32-bit MurmurHash2 of {@code data}, reading 4-byte blocks little-endian. */
    public static int murmur2(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length >> 2;
        for (int i = 0; i < blocks; i++) {
            int offset = i << 2;
            int k = (data[offset] & 0xff)
                    | (data[offset + 1] & 0xff) << 8
                    | (data[offset + 2] & 0xff) << 16
                    | (data[offset + 3] & 0xff) << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = blocks << 2;
        int remainder = length & 3;
        if (remainder == 3) {
            h ^= (data[tail + 2] & 0xff) << 16;
        }
        if (remainder >= 2) {
            h ^= (data[tail + 1] & 0xff) << 8;
        }
        if (remainder >= 1) {
            h ^= data[tail] & 0xff;
            h *= M;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
