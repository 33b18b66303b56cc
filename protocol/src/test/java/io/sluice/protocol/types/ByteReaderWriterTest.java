package io.sluice.protocol.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteReaderWriterTest {

    private static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    private static byte[] unsignedVarint(int v) {
        ByteWriter w = new ByteWriter(8);
        w.writeUnsignedVarint(v);
        return w.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({
        "0, 00",
        "1, 01",
        "127, 7f",
        "128, 80 01",
        "300, ac 02",
        "16383, ff 7f",
        "16384, 80 80 01",
        "2147483647, ff ff ff ff 07",
        "-1, ff ff ff ff 0f",
        "-2147483648, 80 80 80 80 08"
    })
    void unsignedVarintEdgeCases(int value, String bytes) {
        assertThat(unsignedVarint(value)).containsExactly(hex(bytes));
        assertThat(ByteWriter.sizeOfUnsignedVarint(value)).isEqualTo(hex(bytes).length);
        assertThat(ByteReader.of(hex(bytes)).readUnsignedVarint()).isEqualTo(value);
    }

    @Property(tries = 1000)
    void varintsMatchKafkaAndRoundTrip(@ForAll int i, @ForAll long l) {
        ByteWriter w = new ByteWriter(1);
        w.writeUnsignedVarint(i);
        w.writeVarint(i);
        w.writeVarlong(l);
        ByteBuffer kafka = ByteBuffer.allocate(32);
        ByteUtils.writeUnsignedVarint(i, kafka);
        ByteUtils.writeVarint(i, kafka);
        ByteUtils.writeVarlong(l, kafka);
        assertThat(w.toByteArray()).containsExactly(Arrays.copyOf(kafka.array(), kafka.position()));
        assertThat(w.position())
                .isEqualTo(
                        ByteWriter.sizeOfUnsignedVarint(i) + ByteWriter.sizeOfVarint(i) + ByteWriter.sizeOfVarlong(l));
        ByteReader r = ByteReader.of(w.toByteArray());
        assertThat(r.readUnsignedVarint()).isEqualTo(i);
        assertThat(r.readVarint()).isEqualTo(i);
        assertThat(r.readVarlong()).isEqualTo(l);
        assertThat(r.hasRemaining()).isFalse();
    }

    @Test
    void varlongExtremes() {
        for (long v : new long[] {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            ByteWriter w = new ByteWriter(1);
            w.writeVarlong(v);
            assertThat(ByteReader.of(w.toByteArray()).readVarlong()).isEqualTo(v);
        }
        ByteWriter w = new ByteWriter(1);
        w.writeVarlong(Long.MIN_VALUE);
        assertThat(w.toByteArray()).containsExactly(hex("ff ff ff ff ff ff ff ff ff 01"));
    }

    @Test
    void overlongVarintsAreProtocolErrors() {
        assertThatThrownBy(() -> ByteReader.of(hex("80 80 80 80 80 01")).readUnsignedVarint())
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> ByteReader.of(hex("ff ff ff ff 1f")).readUnsignedVarint())
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("32 bits");
        assertThatThrownBy(() ->
                        ByteReader.of(hex("ff ff ff ff ff ff ff ff ff 03")).readVarlong())
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("64 bits");
        assertThatThrownBy(() ->
                        ByteReader.of(hex("80 80 80 80 80 80 80 80 80 80 01")).readVarlong())
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void everyTruncationIsAProtocolError() {
        ByteWriter w = new ByteWriter(64);
        w.writeInt(7);
        w.writeLong(8);
        w.writeString("hello");
        w.writeCompactString("world");
        w.writeNullableBytes(new byte[] {1, 2, 3});
        w.writeUnsignedVarint(Integer.MAX_VALUE);
        w.writeUuid(new Uuid(1, 2));
        byte[] full = w.toByteArray();
        for (int len = 0; len < full.length; len++) {
            ByteReader r = ByteReader.of(Arrays.copyOf(full, len));
            assertThatThrownBy(() -> {
                        r.readInt();
                        r.readLong();
                        r.readString("s");
                        r.readCompactString("c");
                        r.readNullableBytes("b");
                        r.readUnsignedVarint();
                        r.readUuid();
                    })
                    .as("prefix of %d bytes", len)
                    .isInstanceOf(ProtocolException.class);
        }
        ByteReader r = ByteReader.of(full);
        assertThat(r.readInt()).isEqualTo(7);
        assertThat(r.readLong()).isEqualTo(8);
        assertThat(r.readString("s")).isEqualTo("hello");
        assertThat(r.readCompactString("c")).isEqualTo("world");
        assertThat(r.readNullableBytes("b")).containsExactly(1, 2, 3);
        assertThat(r.readUnsignedVarint()).isEqualTo(Integer.MAX_VALUE);
        assertThat(r.readUuid()).isEqualTo(new Uuid(1, 2));
    }

    @Test
    void hostileLengthsFailBeforeAllocating() {
        // string length 32767 with 2 bytes behind it
        assertThatThrownBy(() -> ByteReader.of(hex("7f ff 61 62")).readString("name"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("name");
        // compact string length 2^31-1
        assertThatThrownBy(() -> ByteReader.of(hex("ff ff ff ff 07 61")).readCompactString("name"))
                .isInstanceOf(ProtocolException.class);
        // compact string length of unsigned 2^32-1, which is -2 once the +1 is removed
        assertThatThrownBy(() -> ByteReader.of(hex("ff ff ff ff 0f")).readCompactNullableString("name"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("negative");
        // bytes length 2^31-1
        assertThatThrownBy(() -> ByteReader.of(hex("7f ff ff ff 00")).readNullableBytes("records"))
                .isInstanceOf(ProtocolException.class);
        // bytes length -2 (only -1 means null)
        assertThatThrownBy(() -> ByteReader.of(hex("ff ff ff fe")).readNullableBytes("records"))
                .isInstanceOf(ProtocolException.class);
        // string length -2
        assertThatThrownBy(() -> ByteReader.of(hex("ff fe")).readNullableString("s"))
                .isInstanceOf(ProtocolException.class);
        // array of 2^31-1 elements in 4 bytes
        assertThatThrownBy(() ->
                        ByteReader.of(hex("7f ff ff ff 00 00 00 00")).readArray(false, "topics", ByteReader::readInt))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("topics");
        // compact array of 2^31-2 elements
        assertThatThrownBy(() -> ByteReader.of(hex("ff ff ff ff 07")).readCompactArrayLength("topics"))
                .isInstanceOf(ProtocolException.class);
        // array count -2
        assertThatThrownBy(() -> ByteReader.of(hex("ff ff ff fe")).readArrayLength("topics"))
                .isInstanceOf(ProtocolException.class);
        // tagged fields: 2^31-1 of them; one field claiming 2^31-1 bytes
        assertThatThrownBy(() -> ByteReader.of(hex("ff ff ff ff 07")).skipTaggedFields())
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> ByteReader.of(hex("01 00 ff ff ff ff 07")).readTaggedFields((t, f) -> true))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void nullMarkersReadAsNull() {
        assertThat(ByteReader.of(hex("ff ff")).readNullableString("s")).isNull();
        assertThat(ByteReader.of(hex("00")).readCompactNullableString("s")).isNull();
        assertThat(ByteReader.of(hex("ff ff ff ff")).readNullableBytes("b")).isNull();
        assertThat(ByteReader.of(hex("00")).readCompactNullableBytes("b")).isNull();
        assertThat(ByteReader.of(hex("ff ff ff ff")).readArray(false, "a", ByteReader::readInt))
                .isNull();
        assertThat(ByteReader.of(hex("00")).readArray(true, "a", ByteReader::readInt))
                .isNull();
        assertThatThrownBy(() -> ByteReader.of(hex("ff ff")).readString("s")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> ByteReader.of(hex("00")).readNonNullArray(true, "a", ByteReader::readInt))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void taggedFieldsAreBoundedToTheirDeclaredSize() {
        // two fields: tag 1 of 2 bytes, tag 7 (unknown) of 1 byte; then one byte of body
        ByteReader r = ByteReader.of(hex("02 01 02 00 05 07 01 ff 2a"));
        int[] seen = new int[1];
        r.readTaggedFields((tag, f) -> {
            if (tag == 1) {
                seen[0] = f.readShort();
                assertThatThrownBy(f::readByte).isInstanceOf(ProtocolException.class);
                return true;
            }
            return false;
        });
        assertThat(seen[0]).isEqualTo(5);
        assertThat(r.readByte()).isEqualTo((byte) 42);
    }

    @Property(tries = 500)
    void stringsBytesAndArraysRoundTrip(
            @ForAll String s, @ForAll byte[] b, @ForAll List<Integer> ints, @ForAll boolean compact) {
        if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Short.MAX_VALUE) {
            return;
        }
        ByteWriter w = new ByteWriter(1);
        w.writeString(s, compact);
        w.writeNullableString(null, compact);
        w.writeNullableBytes(b, compact);
        w.writeNullableBytes(ByteBuffer.wrap(b), compact);
        w.writeArrayLength(ints.size(), compact);
        ints.forEach(w::writeInt);
        w.writeTaggedFieldsEnd(compact);
        ByteReader r = ByteReader.of(w.toByteArray());
        assertThat(r.readString(compact, "s")).isEqualTo(s);
        assertThat(r.readNullableString(compact, "n")).isNull();
        assertThat(r.readNullableBytes(compact, "b")).containsExactly(b);
        assertThat(r.readNullableBytes(compact, "b2")).containsExactly(b);
        assertThat(r.readInt32Array(compact, "ints")).isEqualTo(ints);
        r.skipTaggedFields(compact);
        assertThat(r.hasRemaining()).isFalse();
    }

    @Test
    void writerGrowsReusesAndBackPatches() {
        ByteWriter w = new ByteWriter(1);
        int at = w.skip(4);
        for (int i = 0; i < 1000; i++) {
            w.writeInt(i);
        }
        w.putInt(at, w.position() - 4);
        assertThat(ByteReader.of(w.toByteArray()).readInt()).isEqualTo(4000);
        byte[] array = w.array();
        w.reset();
        w.writeLong(1);
        assertThat(w.array()).isSameAs(array);
        assertThat(w.position()).isEqualTo(8);
    }

    @Test
    void writingABufferLeavesItsPositionAlone() {
        ByteBuffer src = ByteBuffer.wrap(new byte[] {1, 2, 3, 4}, 1, 2);
        ByteWriter w = new ByteWriter(4);
        w.writeNullableBytes(src, false);
        assertThat(w.toByteArray()).containsExactly(hex("00 00 00 02 02 03"));
        assertThat(src.position()).isEqualTo(1);
        assertThat(src.remaining()).isEqualTo(2);
    }

    @Test
    void readingDoesNotMoveTheFramesPositionAndDuplicateIsIndependent() {
        ByteBuffer frame = ByteBuffer.wrap(hex("00 01 00 02"));
        ByteReader r = new ByteReader(frame);
        ByteReader peek = r.duplicate();
        assertThat(peek.readShort()).isEqualTo((short) 1);
        assertThat(r.readShort()).isEqualTo((short) 1);
        assertThat(r.readShort()).isEqualTo((short) 2);
        assertThat(frame.position()).isZero();
    }
}
