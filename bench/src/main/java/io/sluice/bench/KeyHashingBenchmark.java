package io.sluice.bench;

import io.sluice.producer.partition.KeyHashing;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The partition of a keyed record: murmur2 of the serialized key, sign bit cleared, modulo the partition count.
 * Sluice's public {@link KeyHashing#partitionForKey} against kafka-clients' {@code BuiltInPartitioner.partitionForKey}
 * in the same run, and the bare hash of each ({@link KeyHashing#murmur2} against {@code Utils.murmur2}).
 *
 * <p>Keys are drawn in turn from a pool of 1,024 random keys of {@link #keyLength} bytes, so neither the JIT nor the
 * branch predictor sees one key. One operation is one key; {@code -prof gc} shows the bytes allocated per key, which
 * should be none for either.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar KeyHashingBenchmark -bm avgt -tu ns -prof gc
 * </pre>
 *
 * <p>Before measuring, the set-up checks that both place every key of the pool on the same partition.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyHashingBenchmark {
    private static final int POOL = 1024;
    private static final int PARTITIONS = 100;

    /** Key length in bytes: a short id, a UUID in text, a long composite key. */
    @Param({"8", "36", "100"})
    public int keyLength;

    private final byte[][] keys = new byte[POOL][];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(7);
        for (int i = 0; i < POOL; i++) {
            keys[i] = new byte[keyLength];
            random.nextBytes(keys[i]);
            int ours = KeyHashing.partitionForKey(keys[i], PARTITIONS);
            int theirs = BuiltInPartitioner.partitionForKey(keys[i], PARTITIONS);
            if (ours != theirs) {
                throw new IllegalStateException("key " + i + ": partition " + ours + " here, " + theirs + " there");
            }
        }
    }

    private byte[] nextKey() {
        return keys[next++ & (POOL - 1)];
    }

    /** Sluice: the partition for a key among 100. */
    @Benchmark
    public int sluicePartitionForKey() {
        return KeyHashing.partitionForKey(nextKey(), PARTITIONS);
    }

    /** kafka-clients: the partition for a key among 100. */
    @Benchmark
    public int kafkaPartitionForKey() {
        return BuiltInPartitioner.partitionForKey(nextKey(), PARTITIONS);
    }

    /** Sluice: the hash alone. */
    @Benchmark
    public int sluiceMurmur2() {
        return KeyHashing.murmur2(nextKey());
    }

    /** kafka-clients: the hash alone. */
    @Benchmark
    public int kafkaMurmur2() {
        return Utils.murmur2(nextKey());
    }
}
