package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.types.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The reader ends every malformed input in a ProtocolException, without allocating what it claims. */
class RecordBatchReaderRejectsTest {
    private static final Duration FUZZ_TIME_PER_CODEC = Duration.ofMillis(1500);

    @Test
    void rejectsAnotherMagic() {
        byte[] batch = sealedBytes(CompressionType.NONE);
        batch[RecordBatches.MAGIC] = 1;

        assertThatThrownBy(() -> RecordBatchReader.readAll(ByteBuffer.wrap(batch)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("magic 1");
    }

    @Test
    void stopsAfterAMalformedBatch() {
        byte[] good = sealedBytes(CompressionType.NONE);
        byte[] bad = good.clone();
        bad[RecordBatches.MAGIC] = 0;
        ByteBuffer both = ByteBuffer.allocate(good.length * 3)
                .put(good)
                .put(bad)
                .put(good)
                .flip();
        RecordBatchReader reader = new RecordBatchReader(both);

        assertThat(reader.next().recordCount()).isEqualTo(200);
        assertThatThrownBy(reader::next).isInstanceOf(ProtocolException.class);
        assertThat(reader.hasNext()).isFalse();
        assertThat(both.position()).isZero();
    }

    @Test
    void rejectsACorruptCrc() {
        byte[] batch = sealedBytes(CompressionType.NONE);
        batch[batch.length - 3] ^= 0x40; // inside the last record

        assertThatThrownBy(() -> RecordBatchReader.readAll(ByteBuffer.wrap(batch)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("CRC");
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] batch = sealedBytes(CompressionType.LZ4);
        for (int length = 1; length < batch.length; length++) {
            ByteBuffer cut = ByteBuffer.wrap(batch, 0, length);
            assertThatThrownBy(() -> RecordBatchReader.readAll(cut))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void rejectsALengthClaimingMoreThanIsThereWithoutAllocatingIt() {
        byte[] batch = sealedBytes(CompressionType.NONE);
        ByteBuffer.wrap(batch).putInt(RecordBatches.LENGTH, Integer.MAX_VALUE);

        assertThatThrownBy(() -> RecordBatchReader.readAll(ByteBuffer.wrap(batch)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsARecordCountBeyondTheRecordsEvenWithAValidCrc() {
        byte[] batch = sealedBytes(CompressionType.NONE);
        ByteBuffer.wrap(batch).putInt(RecordBatches.RECORD_COUNT, Integer.MAX_VALUE);
        fixCrc(batch);

        assertThatThrownBy(() -> RecordBatchReader.readAll(ByteBuffer.wrap(batch)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("record count");
    }

    @Test
    void rejectsRecordFieldLengthsBeyondTheRecordWithoutAllocatingThem() {
        // One record: length, attributes, timestamp delta, offset delta, then a key claiming 2^31 - 1 bytes.
        byte[] record = {0x1c, 0, 0, 0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0, 0, 0, 0, 0, 0};
        // One record with null key and value, then a header count of 2^31 - 1.
        byte[] headerCount = {0x18, 0, 0, 0, 1, 1, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0, 0};
        String[] expected = {"bytes record key needs 2147483647 bytes", "header count 2147483647 exceeds"};
        byte[][] bodies = {record, headerCount};
        for (int i = 0; i < bodies.length; i++) {
            byte[] body = bodies[i];
            byte[] batch = Arrays.copyOf(sealedBytes(CompressionType.NONE), RecordBatches.RECORDS + body.length);
            System.arraycopy(body, 0, batch, RecordBatches.RECORDS, body.length);
            ByteBuffer.wrap(batch).putInt(RecordBatches.RECORD_COUNT, 1);
            fixLengthAndCrc(batch);

            assertThatThrownBy(() -> RecordBatchReader.readAll(ByteBuffer.wrap(batch)))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(expected[i]);
        }
    }

    @Test
    void capsTheDecompressedSize() {
        byte[] batch = sealedBytes(CompressionType.ZSTD);

        assertThatThrownBy(() -> new RecordBatchReader(ByteBuffer.wrap(batch), 1024).next())
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("1024-byte limit");
    }

    /**
     * Random byte flips, truncations and garbage, with and without the CRC repaired (so the record and
     * codec parsers are reached too): every input ends in batches or a ProtocolException.
     */
    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void fuzzedBatchesEndInBatchesOrProtocolErrors(CompressionType type) {
        byte[] original = sealedBytes(type);
        Random random = new Random(type.ordinal() * 31L + 7);
        long deadline = System.nanoTime() + FUZZ_TIME_PER_CODEC.toNanos();
        int inputs = 0;
        int rejected = 0;
        while (System.nanoTime() < deadline) {
            byte[] mutated = mutate(original, random);
            if (random.nextInt(4) != 0 && mutated.length >= RecordBatches.RECORDS) {
                fixLengthAndCrc(mutated);
            }
            RecordBatchReader reader = new RecordBatchReader(ByteBuffer.wrap(mutated), 1 << 20);
            try {
                while (reader.hasNext()) {
                    reader.next();
                }
            } catch (ProtocolException expected) {
                rejected++; // the only acceptable failure; anything else fails the test
            }
            inputs++;
        }
        assertThat(inputs).isGreaterThan(100);
        assertThat(rejected).isGreaterThan(0);
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> { // flip a few bytes anywhere
                for (int i = random.nextInt(4); i >= 0; i--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> { // flip bytes in the records section only
                for (int i = random.nextInt(3); i >= 0; i--) {
                    int at = RecordBatches.RECORDS + random.nextInt(b.length - RecordBatches.RECORDS);
                    b[at] = (byte) random.nextInt(256);
                }
            }
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 3 -> { // overwrite a 4-byte field with an extreme value
                int at = random.nextInt(b.length - 4);
                ByteBuffer.wrap(b).putInt(at, random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE);
            }
            default -> { // random garbage after a valid header
                for (int i = RecordBatches.RECORDS; i < b.length; i++) {
                    b[i] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }

    private static void fixLengthAndCrc(byte[] b) {
        ByteBuffer.wrap(b).putInt(RecordBatches.LENGTH, b.length - RecordBatches.LOG_OVERHEAD);
        fixCrc(b);
    }

    private static void fixCrc(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, RecordBatches.ATTRIBUTES, b.length - RecordBatches.ATTRIBUTES);
        ByteBuffer.wrap(b).putInt(RecordBatches.CRC, (int) crc.getValue());
    }

    private static byte[] sealedBytes(CompressionType type) {
        ByteBuffer sealed = TestRecords.write(
                TestRecords.scenarios().get(3).records().subList(0, 200),
                Compression.of(type),
                3L,
                (short) 0,
                0,
                false);
        byte[] out = new byte[sealed.remaining()];
        sealed.get(out);
        return out;
    }
}
