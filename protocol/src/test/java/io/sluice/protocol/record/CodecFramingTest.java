package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.types.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyInputStream;

/** The codecs' framing, checked against the reference readers and writers of each library. */
class CodecFramingTest {
    private static final byte[] CONTENT = content(300_000);

    @Test
    void lz4FramesStartWithKafkasDescriptorAndItsCorrectChecksum() {
        byte[] frame = compress(CompressionType.LZ4, CONTENT);

        // magic 0x184D2204 (LE), FLG 0x60, BD 0x40, HC = (xxhash32(60 40) >> 8) & 0xff
        assertThat(Arrays.copyOf(frame, 7)).containsExactly(0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x82);
    }

    @Test
    void lz4FramesAreReadByLz4JavasFrameReader() throws IOException {
        byte[] frame = compress(CompressionType.LZ4, CONTENT);

        try (LZ4FrameInputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(frame))) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
    }

    static Stream<Arguments> lz4FrameVariants() {
        return Stream.of(BLOCKSIZE.values())
                .flatMap(size -> Stream.of(
                        Arguments.of(size, new Bits[] {Bits.BLOCK_INDEPENDENCE}),
                        Arguments.of(size, new Bits[] {Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM}),
                        Arguments.of(size, new Bits[] {Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_CHECKSUM}),
                        Arguments.of(size, new Bits[] {
                            Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_SIZE, Bits.CONTENT_CHECKSUM, Bits.BLOCK_CHECKSUM
                        })));
    }

    @ParameterizedTest
    @MethodSource("lz4FrameVariants")
    void readsLz4FramesWithEveryBlockSizeAndOptionalField(BLOCKSIZE blockSize, Bits[] bits) throws IOException {
        byte[] frame = lz4Frame(blockSize, bits);

        assertThat(decompress(CompressionType.LZ4, frame, 1 << 20)).isEqualTo(CONTENT);
    }

    @Test
    void rejectsLz4FramesWithDependentBlocks() {
        byte[] frame = compress(CompressionType.LZ4, CONTENT);
        frame[4] = 0x40; // FLG: version 01, block independence cleared
        frame[6] = (byte) (XXHashFactory.safeInstance().hash32().hash(frame, 4, 2, 0) >> 8);

        assertThatThrownBy(() -> decompress(CompressionType.LZ4, frame, 1 << 20))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("dependent");
    }

    @Test
    void rejectsLz4FramesWhoseChecksumsDoNotMatch() throws IOException {
        byte[] blockChecked = lz4Frame(BLOCKSIZE.SIZE_64KB, new Bits[] {Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM});
        blockChecked[20] ^= 1; // inside the first block
        byte[] contentChecked =
                lz4Frame(BLOCKSIZE.SIZE_64KB, new Bits[] {Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_CHECKSUM});
        contentChecked[contentChecked.length - 1] ^= 1;
        byte[] headerChecked = compress(CompressionType.LZ4, CONTENT);
        headerChecked[6] ^= 1;

        assertThatThrownBy(() -> decompress(CompressionType.LZ4, blockChecked, 1 << 20))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> decompress(CompressionType.LZ4, contentChecked, 1 << 20))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("content checksum");
        assertThatThrownBy(() -> decompress(CompressionType.LZ4, headerChecked, 1 << 20))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("header checksum");
    }

    @Test
    void snappyStreamsAreReadBySnappyJavasStreamReader() throws IOException {
        byte[] stream = compress(CompressionType.SNAPPY, CONTENT);

        try (SnappyInputStream in = new SnappyInputStream(new ByteArrayInputStream(stream))) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
    }

    @Test
    void readsRawSnappyWithoutTheStreamHeader() throws IOException {
        byte[] raw = Snappy.compress(CONTENT);

        assertThat(decompress(CompressionType.SNAPPY, raw, 1 << 20)).isEqualTo(CONTENT);
    }

    @Test
    void refusesASnappyBlockClaimingFarMoreThanItCouldHold() {
        // Raw snappy: the uncompressed length 2^31 - 1 as a varint, then a few bytes.
        byte[] claim = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0, 1, 2, 3};

        assertThatThrownBy(() -> decompress(CompressionType.SNAPPY, claim, Integer.MAX_VALUE - 8))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("claims");
    }

    @Test
    void everyCodecStopsAtTheOutputCap() {
        for (CompressionType type : new CompressionType[] {
            CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD
        }) {
            byte[] compressed = compress(type, CONTENT);
            assertThat(decompress(type, compressed, CONTENT.length)).isEqualTo(CONTENT);
            assertThatThrownBy(() -> decompress(type, compressed, CONTENT.length - 1))
                    .as(type.configName())
                    .isInstanceOf(ProtocolException.class);
        }
    }

    private static byte[] lz4Frame(BLOCKSIZE blockSize, Bits[] bits) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out, blockSize, CONTENT.length, bits)) {
            lz4.write(CONTENT);
        }
        return out.toByteArray();
    }

    private static byte[] compress(CompressionType type, byte[] content) {
        Codec codec = Codecs.forType(type);
        byte[] dst = new byte[codec.maxCompressedLength(content.length)];
        int n = codec.compress(content, 0, content.length, Compression.of(type).level(), dst, content.length);
        assertThat(n).isPositive();
        return Arrays.copyOf(dst, n);
    }

    private static byte[] decompress(CompressionType type, byte[] compressed, int cap) {
        BoundedOutput out = new BoundedOutput(64, cap);
        Codecs.forType(type).decompress(compressed, 0, compressed.length, out);
        return Arrays.copyOf(out.array(), out.size());
    }

    /** Text-like bytes that compress, but not to nothing. */
    private static byte[] content(int size) {
        Random random = new Random(11);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + random.nextInt(6) + (i % 64 == 0 ? 10 : 0));
        }
        return b;
    }
}
