package io.sluice.protocol.record;

import io.sluice.protocol.types.ProtocolException;
import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Snappy in the stream framing of snappy-java's {@code SnappyOutputStream}, which is what Kafka puts in a
 * batch:
 *
 * <pre>
 *   header (16 bytes): 82 'S' 'N' 'A' 'P' 'P' 'Y' 00 | version int32 = 1 | min compatible version int32 = 1
 *   then per block of at most 32 KiB of input: compressed length int32 (big-endian) | raw snappy block
 * </pre>
 *
 * Like {@code SnappyInputStream}, decompression takes data without the header as one raw snappy block.
 * Loaded only when snappy is used.
 */
final class SnappyCodec extends Codec {
    static final SnappyCodec INSTANCE = new SnappyCodec();

    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER = 16;
    private static final int BLOCK = 32 * 1024;

    /**
     * Snappy's densest element, a 3-byte copy of 64 bytes, expands about 21x; a block claiming more than
     * this ratio is corrupt and is refused before anything is allocated for it.
     */
    private static final int MAX_EXPANSION = 22;

    private SnappyCodec() {
        Snappy.maxCompressedLength(1); // loads the native library now, so checkAvailable() reports failure
    }

    @Override
    int maxCompressedLength(int length) {
        int blocks = Math.max(1, (length + BLOCK - 1) / BLOCK);
        return HEADER + blocks * (4 + Snappy.maxCompressedLength(BLOCK));
    }

    @Override
    int compress(byte[] src, int offset, int length, int level, byte[] dst, int limit) {
        System.arraycopy(MAGIC, 0, dst, 0, MAGIC.length);
        putInt(dst, 8, 1);
        putInt(dst, 12, 1);
        int pos = HEADER;
        try {
            for (int done = 0; done < length && pos < limit; done += BLOCK) {
                int n = Math.min(BLOCK, length - done);
                int compressed = Snappy.compress(src, offset + done, n, dst, pos + 4);
                putInt(dst, pos, compressed);
                pos += 4 + compressed;
            }
        } catch (IOException e) {
            throw new IllegalStateException("snappy compression failed", e);
        }
        return pos < limit ? pos : -1;
    }

    @Override
    void decompress(byte[] src, int offset, int length, BoundedOutput out) {
        try {
            if (!hasMagic(src, offset, length)) {
                decompressBlock(src, offset, length, out);
                return;
            }
            int pos = offset + HEADER;
            int end = offset + length;
            if (pos > end) {
                throw new ProtocolException("truncated snappy stream header");
            }
            while (pos < end) {
                if (end - pos < 4) {
                    throw new ProtocolException("truncated snappy block length");
                }
                int n = getInt(src, pos);
                pos += 4;
                if (n < 0 || n > end - pos) {
                    throw new ProtocolException("snappy block of " + n + " bytes exceeds the " + (end - pos) + " left");
                }
                decompressBlock(src, pos, n, out);
                pos += n;
            }
        } catch (IOException | RuntimeException e) {
            throw StreamCopy.corrupt("snappy", e);
        }
    }

    private static void decompressBlock(byte[] src, int offset, int length, BoundedOutput out) throws IOException {
        int claimed = Snappy.uncompressedLength(src, offset, length);
        if (claimed < 0 || (long) claimed > (long) length * MAX_EXPANSION + 16) {
            throw new ProtocolException("snappy block of " + length + " bytes claims " + claimed + " bytes");
        }
        out.ensure(claimed);
        int n = Snappy.uncompress(src, offset, length, out.array(), out.size());
        out.advance(n);
    }

    private static boolean hasMagic(byte[] src, int offset, int length) {
        if (length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (src[offset + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
