package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.record.TestRecords.Rec;
import io.sluice.protocol.record.TestRecords.Scenario;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Our batches read by kafka-clients 4.4.0, and kafka-clients' batches read by us, for every codec. */
class KafkaInteropTest {

    static Stream<Arguments> codecsAndScenarios() {
        return Arrays.stream(CompressionType.values())
                .flatMap(type -> TestRecords.scenarios().stream().map(s -> Arguments.of(type, s)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("codecsAndScenarios")
    void kafkaClientsReadsOurBatches(CompressionType type, Scenario scenario) {
        ByteBuffer sealed = TestRecords.write(scenario.records(), Compression.of(type), 4242L, (short) 7, 100, true);

        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(sealed.duplicate()).batches().forEach(batches::add);

        assertThat(batches).hasSize(1);
        MutableRecordBatch batch = batches.get(0);
        batch.ensureValid(); // CRC-32C and size
        assertThat(batch.magic()).isEqualTo((byte) 2);
        assertThat(batch.sizeInBytes()).isEqualTo(sealed.remaining());
        assertThat(batch.producerId()).isEqualTo(4242L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 7);
        assertThat(batch.baseSequence()).isEqualTo(100);
        assertThat(batch.lastSequence()).isEqualTo(100 + scenario.records().size() - 1);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.maxTimestamp())
                .isEqualTo(scenario.records().stream()
                        .mapToLong(Rec::timestamp)
                        .max()
                        .orElseThrow());
        if (scenario.compressible()) {
            assertThat((int) batch.compressionType().id).isEqualTo(type.id());
        }
        List<Record> records = new ArrayList<>();
        batch.forEach(records::add);
        assertSameRecords(records, scenario.records());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void weReadKafkaClientsBatches(CompressionType type) {
        org.apache.kafka.common.compress.Compression kafkaCompression = org.apache.kafka.common.compress.Compression.of(
                        type.configName())
                .build();
        List<List<Rec>> sets = new ArrayList<>();
        TestRecords.scenarios().forEach(s -> sets.add(s.records()));

        // All scenarios as consecutive batches in one buffer: plain, idempotent and transactional.
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            SimpleRecord[] simple = toSimple(sets.get(i));
            MemoryRecords written = switch (i % 3) {
                case 0 -> MemoryRecords.withRecords(kafkaCompression, simple);
                case 1 -> MemoryRecords.withIdempotentRecords(kafkaCompression, 99L, (short) 2, 10, simple);
                default -> MemoryRecords.withTransactionalRecords(kafkaCompression, 99L, (short) 2, 10, simple);
            };
            buffers.add(written.buffer());
        }
        ByteBuffer all = concat(buffers);
        ByteBuffer direct =
                ByteBuffer.allocateDirect(all.remaining()).put(all.duplicate()).flip();

        List<DecodedBatch> batches = RecordBatchReader.readAll(all);

        assertThat(RecordBatchReader.readAll(direct)).containsExactlyElementsOf(batches);

        assertThat(batches).hasSize(sets.size());
        for (int i = 0; i < sets.size(); i++) {
            DecodedBatch batch = batches.get(i);
            assertThat(batch.isTransactional()).isEqualTo(i % 3 == 2);
            assertThat(batch.producerId()).isEqualTo(i % 3 == 0 ? -1L : 99L);
            assertThat(batch.compressionType()).isEqualTo(type);
            assertThat(batch.recordCount()).isEqualTo(sets.get(i).size());
            for (int r = 0; r < sets.get(i).size(); r++) {
                Rec expected = sets.get(i).get(r);
                DecodedRecord actual = batch.records().get(r);
                assertThat(actual.offset()).isEqualTo(r);
                assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
                assertThat(actual.key()).isEqualTo(expected.key());
                assertThat(actual.value()).isEqualTo(expected.value());
                assertThat(actual.headers()).containsExactlyElementsOf(headersOf(expected));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void restampedBatchesStayValidForKafkaClients(CompressionType type) {
        Scenario scenario = TestRecords.scenarios().get(3);
        ByteBuffer sealed = TestRecords.write(scenario.records(), Compression.of(type), 1L, (short) 0, 0, false);

        RecordBatches.restamp(sealed, 777L, (short) 9, 12345);

        MutableRecordBatch batch = MemoryRecords.readableRecords(sealed.duplicate())
                .batches()
                .iterator()
                .next();
        batch.ensureValid();
        assertThat(batch.producerId()).isEqualTo(777L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 9);
        assertThat(batch.baseSequence()).isEqualTo(12345);
        assertThat(batch.isTransactional()).isFalse();
        assertThat(RecordBatchReader.readAll(sealed).get(0).recordCount())
                .isEqualTo(scenario.records().size());
        assertThat(sealed.position()).isZero();
    }

    private static void assertSameRecords(List<Record> actual, List<Rec> expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Record a = actual.get(i);
            Rec e = expected.get(i);
            a.ensureValid();
            assertThat(a.offset()).isEqualTo(i);
            assertThat(a.timestamp()).isEqualTo(e.timestamp());
            assertThat(bytesOf(a.key())).isEqualTo(e.key());
            assertThat(bytesOf(a.value())).isEqualTo(e.value());
            List<Header> headers = new ArrayList<>();
            for (org.apache.kafka.common.header.Header h : a.headers()) {
                headers.add(new RecordHeader(h.key(), h.value()));
            }
            assertThat(headers).containsExactlyElementsOf(headersOf(e));
        }
    }

    private static List<Header> headersOf(Rec rec) {
        List<Header> out = new ArrayList<>();
        if (rec.headers() != null) {
            for (Header h : rec.headers()) {
                out.add(new RecordHeader(h.key(), h.value()));
            }
        }
        return out;
    }

    private static SimpleRecord[] toSimple(List<Rec> records) {
        SimpleRecord[] out = new SimpleRecord[records.size()];
        for (int i = 0; i < out.length; i++) {
            Rec r = records.get(i);
            org.apache.kafka.common.header.Header[] headers = headersOf(r).stream()
                    .map(h -> new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value()))
                    .toArray(org.apache.kafka.common.header.Header[]::new);
            out[i] = new SimpleRecord(r.timestamp(), r.key(), r.value(), headers);
        }
        return out;
    }

    private static byte[] bytesOf(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static ByteBuffer concat(List<ByteBuffer> buffers) {
        int total = buffers.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer all = ByteBuffer.allocate(total);
        buffers.forEach(b -> all.put(b.duplicate()));
        return all.flip();
    }
}
