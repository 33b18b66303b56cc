package io.sluice.protocol.record;

import io.sluice.protocol.types.ProtocolException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * LZ4 in the LZ4 frame format as Kafka writes it since KIP-57 (header checksum over the descriptor only):
 *
 * <pre>
 *   magic 04 22 4d 18 | FLG 0x60 (version 01, independent blocks) | BD 0x40 (64 KiB blocks)
 *   | HC = second byte of xxhash32(FLG..BD, seed 0)
 *   then per block: size uint32 (LE; high bit set = stored uncompressed) | data
 *   then end mark: 00 00 00 00
 * </pre>
 *
 * Writing uses LZ4's fast compressor at Kafka's default level 9 and LZ4HC at any other level, as Kafka
 * does. Reading also accepts a content size, block checksums and a content checksum, all verified. Loaded
 * only when lz4 is used.
 */
final class Lz4Codec extends Codec {
    static final Lz4Codec INSTANCE = new Lz4Codec();

    private static final int MAGIC = 0x184D2204;
    private static final int FLG = 0x60;
    private static final int BD_64KB = 0x40;
    private static final int BLOCK = 64 * 1024;
    private static final int UNCOMPRESSED_BIT = 0x80000000;
    private static final int FLG_VERSION_MASK = 0xC0;
    private static final int FLG_INDEPENDENT = 0x20;
    private static final int FLG_BLOCK_CHECKSUM = 0x10;
    private static final int FLG_CONTENT_SIZE = 0x08;
    private static final int FLG_CONTENT_CHECKSUM = 0x04;

    private final LZ4Factory factory = LZ4Factory.fastestInstance();
    private final XXHash32 xxhash = XXHashFactory.fastestInstance().hash32();
    private final LZ4SafeDecompressor decompressor = factory.safeDecompressor();
    /** Compressors by level (index 0 unused); each is thread-safe and cheap to create. */
    private final LZ4Compressor[] compressors = new LZ4Compressor[Compression.LZ4_MAX_LEVEL + 1];

    private Lz4Codec() {
        for (int level = Compression.LZ4_MIN_LEVEL; level <= Compression.LZ4_MAX_LEVEL; level++) {
            compressors[level] =
                    level == Compression.LZ4_DEFAULT_LEVEL ? factory.fastCompressor() : factory.highCompressor(level);
        }
    }

    private LZ4Compressor compressor(int level) {
        return compressors[level];
    }

    @Override
    int maxCompressedLength(int length) {
        int blocks = Math.max(1, (length + BLOCK - 1) / BLOCK);
        return 7 + blocks * (4 + factory.fastCompressor().maxCompressedLength(BLOCK)) + 4;
    }

    @Override
    int compress(byte[] src, int offset, int length, int level, byte[] dst, int limit) {
        LZ4Compressor compressor = compressor(level);
        putIntLe(dst, 0, MAGIC);
        dst[4] = (byte) FLG;
        dst[5] = (byte) BD_64KB;
        dst[6] = (byte) (xxhash.hash(dst, 4, 2, 0) >> 8);
        int pos = 7;
        for (int done = 0; done < length && pos < limit; done += BLOCK) {
            int n = Math.min(BLOCK, length - done);
            int compressed = compressor.compress(src, offset + done, n, dst, pos + 4, dst.length - pos - 4);
            if (compressed >= n) { // incompressible: store the block as it is
                System.arraycopy(src, offset + done, dst, pos + 4, n);
                putIntLe(dst, pos, n | UNCOMPRESSED_BIT);
                pos += 4 + n;
            } else {
                putIntLe(dst, pos, compressed);
                pos += 4 + compressed;
            }
        }
        putIntLe(dst, pos, 0); // end mark
        pos += 4;
        return pos < limit ? pos : -1;
    }

    @Override
    void decompress(byte[] src, int offset, int length, BoundedOutput out) {
        try {
            decompressFrame(src, offset, offset + length, out);
        } catch (RuntimeException e) {
            throw StreamCopy.corrupt("lz4", e);
        }
    }

    private void decompressFrame(byte[] src, int pos, int end, BoundedOutput out) {
        need(src, pos, end, 7, "lz4 frame header");
        if (getIntLe(src, pos) != MAGIC) {
            throw new ProtocolException("not an lz4 frame: magic " + Integer.toHexString(getIntLe(src, pos)));
        }
        int flg = src[pos + 4] & 0xff;
        int bd = src[pos + 5] & 0xff;
        if ((flg & FLG_VERSION_MASK) != 0x40 || (flg & 0x03) != 0) {
            throw new ProtocolException("unsupported lz4 frame flags " + Integer.toHexString(flg));
        }
        if ((flg & FLG_INDEPENDENT) == 0) {
            throw new ProtocolException("lz4 frames with dependent blocks are not supported");
        }
        int sizeCode = (bd >>> 4) & 7;
        if ((bd & 0x8f) != 0 || sizeCode < 4) {
            throw new ProtocolException("invalid lz4 block descriptor " + Integer.toHexString(bd));
        }
        int blockMax = 1 << (2 * sizeCode + 8);
        int descriptorLength = 2 + ((flg & FLG_CONTENT_SIZE) != 0 ? 8 : 0);
        need(src, pos + 4, end, descriptorLength + 1, "lz4 frame descriptor");
        int expectedHc = (xxhash.hash(src, pos + 4, descriptorLength, 0) >> 8) & 0xff;
        if ((src[pos + 4 + descriptorLength] & 0xff) != expectedHc) {
            throw new ProtocolException("lz4 frame header checksum mismatch");
        }
        pos += 4 + descriptorLength + 1;
        int contentStart = out.size();
        while (true) {
            need(src, pos, end, 4, "lz4 block size");
            int word = getIntLe(src, pos);
            pos += 4;
            if (word == 0) {
                break;
            }
            int size = word & ~UNCOMPRESSED_BIT;
            if (size > blockMax) {
                throw new ProtocolException("lz4 block of " + size + " bytes exceeds the frame's " + blockMax);
            }
            need(src, pos, end, size, "lz4 block");
            if ((word & UNCOMPRESSED_BIT) != 0) {
                out.write(src, pos, size);
            } else {
                // A block decompresses to at most blockMax bytes (and LZ4 expands at most ~255x).
                int room = (int) Math.min(Math.min(blockMax, (long) size * 255 + 16), out.headroom());
                out.ensure(room);
                out.advance(decompressor.decompress(src, pos, size, out.array(), out.size(), room));
            }
            pos += size;
            if ((flg & FLG_BLOCK_CHECKSUM) != 0) {
                need(src, pos, end, 4, "lz4 block checksum");
                if (getIntLe(src, pos) != xxhash.hash(src, pos - size, size, 0)) {
                    throw new ProtocolException("lz4 block checksum mismatch");
                }
                pos += 4;
            }
        }
        if ((flg & FLG_CONTENT_CHECKSUM) != 0) {
            need(src, pos, end, 4, "lz4 content checksum");
            int actual = xxhash.hash(out.array(), contentStart, out.size() - contentStart, 0);
            if (getIntLe(src, pos) != actual) {
                throw new ProtocolException("lz4 content checksum mismatch");
            }
        }
    }

    private static void need(byte[] src, int pos, int end, int n, String what) {
        if (n < 0 || n > end - pos) {
            throw new ProtocolException("truncated " + what + ": needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    private static void putIntLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static int getIntLe(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
