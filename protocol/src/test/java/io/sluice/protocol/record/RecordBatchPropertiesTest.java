package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Random records: every size computed before writing equals what is written, and every batch reads back. */
class RecordBatchPropertiesTest {

    /** A record as the properties generate it. */
    record Input(long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {
        Header[] headerArray() {
            return headers == null ? null : headers.toArray(new Header[0]);
        }
    }

    @Property(tries = 300)
    void sizesComputedBeforeWritingEqualSizesWritten(@ForAll("records") @Size(min = 1, max = 40) List<Input> records) {
        Input first = records.get(0);
        int single = RecordBatchBuilder.sizeOfSingleRecordBatch(
                first.timestamp(), first.key(), first.value(), first.headerArray());
        int total = single;
        // A buffer of exactly sizeOfSingleRecordBatch takes the first record, whatever the builder's start time.
        RecordBatchBuilder exact =
                new RecordBatchBuilder(ByteBuffer.allocate(single), Compression.NONE, first.timestamp() - 12345);
        assertThat(exact.hasRoomFor(first.timestamp(), first.key(), first.value(), first.headerArray()))
                .isTrue();
        assertThat(exact.append(first.timestamp(), first.key(), first.value(), first.headerArray()))
                .isEqualTo(single - RecordBatchBuilder.BATCH_OVERHEAD);
        assertThat(exact.sizeInBytes()).isEqualTo(single);

        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(1 << 20), Compression.NONE, 0L);
        int expected = RecordBatchBuilder.BATCH_OVERHEAD;
        for (Input r : records) {
            int before = builder.sizeInBytes();
            int size = builder.append(r.timestamp(), r.key(), r.value(), r.headerArray());
            assertThat(builder.sizeInBytes() - before).isEqualTo(size);
            expected += size;
        }
        assertThat(builder.sizeInBytes()).isEqualTo(expected).isGreaterThanOrEqualTo(total);
        assertThat(builder.seal(-1L, (short) -1, -1, false).remaining()).isEqualTo(expected);
    }

    @Property(tries = 200)
    void hasRoomForIsExactAtTheLastByte(@ForAll("records") @Size(min = 2, max = 20) List<Input> records) {
        // Size the buffer to hold all records but the last, plus all but one byte of the last.
        RecordBatchBuilder probe = new RecordBatchBuilder(ByteBuffer.allocate(1 << 20), Compression.NONE, 0L);
        int lastSize = 0;
        for (Input r : records) {
            lastSize = probe.append(r.timestamp(), r.key(), r.value(), r.headerArray());
        }
        int full = probe.sizeInBytes();
        for (int room : new int[] {full - 1, full}) {
            RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(room), Compression.NONE, 0L);
            for (int i = 0; i < records.size() - 1; i++) {
                Input r = records.get(i);
                builder.append(r.timestamp(), r.key(), r.value(), r.headerArray());
            }
            Input last = records.get(records.size() - 1);
            boolean fits = builder.hasRoomFor(last.timestamp(), last.key(), last.value(), last.headerArray());
            assertThat(fits).isEqualTo(room == full);
            assertThat(builder.sizeInBytes() + lastSize).isEqualTo(full);
        }
    }

    @Property(tries = 150)
    void everyBatchReadsBackAsWritten(
            @ForAll("records") @Size(min = 1, max = 60) List<Input> records, @ForAll CompressionType type) {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(1 << 20), Compression.of(type), 0L);
        for (Input r : records) {
            builder.append(r.timestamp(), r.key(), r.value(), r.headerArray());
        }
        ByteBuffer sealed = builder.seal(5L, (short) 1, 0, false);

        List<DecodedBatch> batches = RecordBatchReader.readAll(sealed);

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).sizeInBytes()).isEqualTo(sealed.remaining());
        List<DecodedRecord> expected = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Input r = records.get(i);
            expected.add(new DecodedRecord(
                    i, r.timestamp(), r.key(), r.value(), r.headers() == null ? List.of() : List.copyOf(r.headers())));
        }
        assertThat(batches.get(0).records()).containsExactlyElementsOf(expected);
    }

    @Provide
    Arbitrary<List<Input>> records() {
        Arbitrary<Long> timestamps = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 4_000_000_000_000L),
                Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L));
        Arbitrary<byte[]> bytes =
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.15);
        Arbitrary<String> keys = Arbitraries.strings().ofMaxLength(20); // any chars, lone surrogates included
        Arbitrary<RecordHeader> header = Combinators.combine(keys, bytes).as(RecordHeader::new);
        Arbitrary<List<RecordHeader>> headers = header.list().ofMaxSize(4).injectNull(0.3);
        return Combinators.combine(timestamps, bytes, bytes, headers)
                .as(Input::new)
                .list();
    }
}
