package io.sluice.producer.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class JumpHashPartitionerTest {
    private static final int KEYS = 100_000;

    private static byte[] key(int i) {
        return ("user-" + i).getBytes(StandardCharsets.UTF_8);
    }

    /** Growing from {@code from} to {@code to} moves about {@code 1 - from/to} of 100,000 keys, all to new partitions. */
    @Property(tries = 25)
    void growthMovesAboutOneMinusOldOverNewOfTheKeysAndOnlyToNewPartitions(
            @ForAll @IntRange(min = 1, max = 64) int from, @ForAll @IntRange(min = 1, max = 64) int more) {
        int to = from + more;
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            byte[] k = key(i);
            int before = JumpHashPartitioner.partitionForKey(k, from);
            int after = JumpHashPartitioner.partitionForKey(k, to);
            if (before != after) {
                moved++;
                assertThat(after).as("a moved key goes to a new partition").isGreaterThanOrEqualTo(from);
            }
        }
        double expected = 1.0 - (double) from / to;
        assertThat((double) moved / KEYS).isCloseTo(expected, within(0.02));
    }

    @Test
    void fourToEightMovesHalfTheKeysWhereTheDefaultMovesHalfToo() {
        int jump = 0;
        int murmur = 0;
        for (int i = 0; i < KEYS; i++) {
            byte[] k = key(i);
            jump += JumpHashPartitioner.partitionForKey(k, 4) != JumpHashPartitioner.partitionForKey(k, 8) ? 1 : 0;
            murmur += KeyHashing.partitionForKey(k, 4) != KeyHashing.partitionForKey(k, 8) ? 1 : 0;
        }
        assertThat(jump / (double) KEYS).isCloseTo(0.5, within(0.02));
        assertThat(murmur / (double) KEYS).isCloseTo(0.5, within(0.02));
    }

    @Test
    void fourToFiveMovesAFifthWhereTheDefaultMovesFourFifths() {
        int jump = 0;
        int murmur = 0;
        for (int i = 0; i < KEYS; i++) {
            byte[] k = key(i);
            jump += JumpHashPartitioner.partitionForKey(k, 4) != JumpHashPartitioner.partitionForKey(k, 5) ? 1 : 0;
            murmur += KeyHashing.partitionForKey(k, 4) != KeyHashing.partitionForKey(k, 5) ? 1 : 0;
        }
        assertThat(jump / (double) KEYS).isCloseTo(0.2, within(0.02));
        assertThat(murmur / (double) KEYS).isCloseTo(0.8, within(0.02));
    }

    @Test
    void spreadsKeysEvenly() {
        int[] counts = new int[10];
        for (int i = 0; i < KEYS; i++) {
            counts[JumpHashPartitioner.partitionForKey(key(i), 10)]++;
        }
        for (int c : counts) {
            assertThat(c).isCloseTo(KEYS / 10, within(KEYS / 100));
        }
    }

    @Test
    void theMappingIsTheDocumentedOne() {
        // Computed apart from this code, from the recipe in the class javadoc (FNV-1a 64, SplitMix64 finalizer, jump
        // hash): the mapping is documented so other clients can reproduce it, and must never change.
        int[] partitions = new int[5];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = JumpHashPartitioner.partitionForKey(key(i), 1000);
        }
        assertThat(partitions).containsExactly(152, 297, 790, 152, 995);
        assertThat(JumpHashPartitioner.bucket(0L, 1)).isZero();
    }
}
