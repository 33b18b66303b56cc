package io.sluice.protocol.record;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * Gzip from the JDK. Compression writes one gzip member (RFC 1952) by hand around a raw {@link Deflater},
 * so the deflater and its CRC-32 can be reused per thread instead of building a stream per batch:
 *
 * <pre>
 *   1f 8b 08 00 | mtime 00000000 | xfl 00 | os ff | deflate data | crc32 (LE) | isize (LE)
 * </pre>
 *
 * Decompression goes through {@link GZIPInputStream}, which accepts any conforming member (optional header
 * fields, several members) such as kafka-clients writes.
 */
final class GzipCodec extends Codec {
    static final GzipCodec INSTANCE = new GzipCodec();

    private static final int HEADER = 10;
    private static final int TRAILER = 8;

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /** A raw deflater and a CRC-32 reused by one thread, and the level the deflater is set to. */
    private static final class State {
        final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        final CRC32 crc = new CRC32();
        int level = Deflater.DEFAULT_COMPRESSION;
    }

    private GzipCodec() {}

    @Override
    int maxCompressedLength(int length) {
        // Output that reaches the input's length is abandoned, so the input's length is all the room needed.
        return Math.max(length, HEADER + TRAILER);
    }

    @Override
    int compress(byte[] src, int offset, int length, int level, byte[] dst, int limit) {
        int room = Math.min(limit, dst.length);
        if (room <= HEADER + TRAILER) {
            return -1;
        }
        State state = STATE.get();
        Deflater deflater = state.deflater;
        deflater.reset();
        if (state.level != level) {
            deflater.setLevel(level); // applies from the next deflate call, i.e. to this whole input
            state.level = level;
        }
        writeHeader(dst);
        int pos = HEADER;
        deflater.setInput(src, offset, length);
        deflater.finish();
        try {
            while (!deflater.finished()) {
                int free = room - TRAILER - pos;
                if (free <= 0) {
                    return -1;
                }
                pos += deflater.deflate(dst, pos, free);
            }
        } finally {
            deflater.reset(); // drops the reference to src
        }
        state.crc.reset();
        state.crc.update(src, offset, length);
        putIntLe(dst, pos, (int) state.crc.getValue());
        putIntLe(dst, pos + 4, length);
        return pos + TRAILER;
    }

    private static void writeHeader(byte[] dst) {
        dst[0] = 0x1f; // ID1
        dst[1] = (byte) 0x8b; // ID2
        dst[2] = 8; // CM: deflate
        dst[3] = 0; // FLG: no name, comment, extra or header CRC
        dst[4] = 0; // MTIME: not set
        dst[5] = 0;
        dst[6] = 0;
        dst[7] = 0;
        dst[8] = 0; // XFL
        dst[9] = (byte) 0xff; // OS: unknown
    }

    private static void putIntLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    @Override
    void decompress(byte[] src, int offset, int length, BoundedOutput out) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(src, offset, length))) {
            StreamCopy.drain(in, out);
        } catch (IOException | RuntimeException e) {
            throw StreamCopy.corrupt("gzip", e);
        }
    }
}
