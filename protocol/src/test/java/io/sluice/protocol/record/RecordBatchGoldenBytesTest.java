package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchGoldenBytesTest {
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L; // 0x0000018BCFE56800

    /** Two records, written field by field from the record batch v2 layout. */
    private static final byte[] GOLDEN = {
        // ---- batch header ----
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0, // baseOffset: 0
        0,
        0,
        0,
        70, // batchLength: 82 bytes in all - 12
        -1,
        -1,
        -1,
        -1, // partitionLeaderEpoch: -1
        2, // magic: 2
        0x03,
        (byte) 0xD5,
        0x35,
        0x25, // crc: CRC-32C of attributes..end, computed by hand
        0x00,
        0x10, // attributes: codec none, create time, transactional
        0,
        0,
        0,
        1, // lastOffsetDelta: 1
        0x00,
        0x00,
        0x01,
        (byte) 0x8B,
        (byte) 0xCF,
        (byte) 0xE5,
        0x68,
        0x00, // baseTimestamp
        0x00,
        0x00,
        0x01,
        (byte) 0x8B,
        (byte) 0xCF,
        (byte) 0xE5,
        0x68,
        0x05, // maxTimestamp: base + 5
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        7, // producerId: 7
        0,
        3, // producerEpoch: 3
        0,
        0,
        0,
        42, // baseSequence: 42
        0,
        0,
        0,
        2, // recordCount: 2
        // ---- record 0 ----
        0x1a, // length: 13 (zig-zag 26)
        0, // attributes
        0, // timestampDelta: 0
        0, // offsetDelta: 0
        2,
        'k', // key: length 1, "k"
        4,
        'v',
        '1', // value: length 2, "v1"
        2, // header count: 1
        2,
        'h', // header key: length 1, "h"
        2,
        1, // header value: length 1, 0x01
        // ---- record 1 ----
        0x0c, // length: 6
        0, // attributes
        0x0a, // timestampDelta: 5 (zig-zag 10)
        2, // offsetDelta: 1
        1, // key: null (length -1)
        0, // value: empty (length 0)
        0, // header count: 0
    };

    @Test
    void writesTheHandWrittenBytes() {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(128), Compression.NONE, 0L);
        Header[] headers = {new RecordHeader("h", new byte[] {1})};
        int first = builder.append(BASE_TIMESTAMP, bytes("k"), bytes("v1"), headers);
        int second = builder.append(BASE_TIMESTAMP + 5, null, new byte[0], null);

        ByteBuffer batch = builder.seal(7L, (short) 3, 42, true);

        assertThat(first).isEqualTo(14);
        assertThat(second).isEqualTo(7);
        assertThat(batch.position()).isZero();
        assertThat(batch.limit()).isEqualTo(GOLDEN.length);
        byte[] written = new byte[batch.remaining()];
        batch.duplicate().get(written);
        assertThat(written).containsExactly(GOLDEN);
        assertThat(builder.sizeInBytes()).isEqualTo(GOLDEN.length);
    }

    @Test
    void readsTheHandWrittenBytes() {
        List<DecodedBatch> batches = RecordBatchReader.readAll(ByteBuffer.wrap(GOLDEN));

        assertThat(batches).hasSize(1);
        DecodedBatch batch = batches.get(0);
        assertThat(batch.producerId()).isEqualTo(7L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(42);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.compressionType()).isEqualTo(CompressionType.NONE);
        assertThat(batch.maxTimestamp()).isEqualTo(BASE_TIMESTAMP + 5);
        assertThat(batch.records())
                .containsExactly(
                        new DecodedRecord(
                                0, BASE_TIMESTAMP, bytes("k"), bytes("v1"), List.of(new RecordHeader("h", new byte[] {1
                                }))),
                        new DecodedRecord(1, BASE_TIMESTAMP + 5, null, new byte[0], List.of()));
    }

    @Test
    void singleRecordBatchSizeMatchesTheBytes() {
        Header[] headers = {new RecordHeader("h", new byte[] {1})};
        assertThat(RecordBatchBuilder.sizeOfSingleRecordBatch(BASE_TIMESTAMP, bytes("k"), bytes("v1"), headers))
                .isEqualTo(RecordBatchBuilder.BATCH_OVERHEAD + 14);
        assertThat(RecordBatchBuilder.BATCH_OVERHEAD).isEqualTo(61);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
