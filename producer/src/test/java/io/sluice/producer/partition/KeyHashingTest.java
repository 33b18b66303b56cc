package io.sluice.producer.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class KeyHashingTest {
    private static final int[] PARTITION_COUNTS = {
        1,
        2,
        3,
        5,
        6,
        7,
        8,
        10,
        12,
        16,
        24,
        31,
        32,
        50,
        64,
        100,
        127,
        128,
        255,
        256,
        500,
        997,
        1000,
        1024,
        4096,
        10_000,
        65_536,
        1_000_003,
        Integer.MAX_VALUE
    };

    @Test
    void murmur2MatchesKafkaForOneHundredThousandRandomKeys() {
        SplittableRandom random = new SplittableRandom(20261124L);
        for (int i = 0; i < 100_000; i++) {
            byte[] key = new byte[random.nextInt(0, 100)];
            random.nextBytes(key);
            assertThat(KeyHashing.murmur2(key)).as("key #%d", i).isEqualTo(Utils.murmur2(key));
        }
    }

    @Test
    void partitionForKeyMatchesKafkasBuiltInPartitionerForManyPartitionCounts() {
        SplittableRandom random = new SplittableRandom(42L);
        for (int i = 0; i < 100_000; i++) {
            byte[] key = new byte[random.nextInt(1, 64)];
            random.nextBytes(key);
            int count = PARTITION_COUNTS[i % PARTITION_COUNTS.length];
            assertThat(KeyHashing.partitionForKey(key, count))
                    .as("key #%d over %d partitions", i, count)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, count));
        }
    }

    @Test
    void everyPartitionCountFromOneToTwoThousandAgreesForTextKeys() {
        for (int count = 1; count <= 2000; count++) {
            byte[] key = ("user-" + count * 7919).getBytes(StandardCharsets.UTF_8);
            assertThat(KeyHashing.partitionForKey(key, count))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, count));
        }
    }

    @Test
    void knownValuesAndSignHandling() {
        assertThat(KeyHashing.murmur2(new byte[0])).isEqualTo(Utils.murmur2(new byte[0]));
        assertThat(KeyHashing.toPositive(Integer.MIN_VALUE)).isZero();
        assertThat(KeyHashing.toPositive(-1)).isEqualTo(Integer.MAX_VALUE);
        assertThat(KeyHashing.toPositive(Integer.MIN_VALUE)).isEqualTo(Utils.toPositive(Integer.MIN_VALUE));
    }
}
