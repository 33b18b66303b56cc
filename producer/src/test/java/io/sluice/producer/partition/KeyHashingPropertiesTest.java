package io.sluice.producer.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.utils.Utils;

/**
 * {@link KeyHashing#murmur2} against kafka-clients' {@code Utils.murmur2} for keys of every length from 0 to 300, so
 * every block count and every tail of 0 to 3 bytes is covered, with negative bytes in blocks and in tails (a tail byte
 * taken signed, or a block read in the wrong byte order, changes the hash).
 */
class KeyHashingPropertiesTest {
    private static final int MAX_LENGTH = 300;

    /** Fillings that stress sign extension and byte order: all ones, sign bits only, the largest positive byte, zeros, ones. */
    private static final byte[] FILLS = {(byte) 0xff, (byte) 0x80, 0x7f, 0x00, 0x01};

    @Property(tries = 3000)
    void murmur2MatchesKafkaForAnyKey(@ForAll("keys") byte[] key) {
        assertThat(KeyHashing.murmur2(key)).isEqualTo(Utils.murmur2(key));
    }

    @Provide
    Arbitrary<byte[]> keys() {
        // The length is drawn uniformly so that long keys are as likely as short ones; the bytes include the edges.
        return Arbitraries.integers()
                .between(0, MAX_LENGTH)
                .flatMap(length -> Arbitraries.bytes().array(byte[].class).ofSize(length));
    }

    @Example
    void murmur2MatchesKafkaAtEveryLengthForUniformAndRandomKeys() {
        SplittableRandom random = new SplittableRandom(300L);
        for (int length = 0; length <= MAX_LENGTH; length++) {
            for (byte fill : FILLS) {
                byte[] key = new byte[length];
                Arrays.fill(key, fill);
                assertThat(KeyHashing.murmur2(key))
                        .as("%d bytes of 0x%02x", length, fill)
                        .isEqualTo(Utils.murmur2(key));
            }
            for (int i = 0; i < 20; i++) {
                byte[] key = new byte[length];
                random.nextBytes(key);
                assertThat(KeyHashing.murmur2(key))
                        .as("random key #%d of %d bytes", i, length)
                        .isEqualTo(Utils.murmur2(key));
            }
        }
    }

    @Example
    void murmur2MatchesKafkaWhenOnlyOneTailByteIsNegative() {
        // A positive key whose tail holds one negative byte, at each tail position and for each tail length.
        for (int length = 1; length <= 67; length++) {
            int tail = length & ~3;
            for (int position = tail; position < length; position++) {
                for (int value = Byte.MIN_VALUE; value < 0; value++) {
                    byte[] key = new byte[length];
                    Arrays.fill(key, (byte) 0x5a);
                    key[position] = (byte) value;
                    assertThat(KeyHashing.murmur2(key))
                            .as("%d bytes, byte %d = %d", length, position, value)
                            .isEqualTo(Utils.murmur2(key));
                }
            }
        }
    }
}
