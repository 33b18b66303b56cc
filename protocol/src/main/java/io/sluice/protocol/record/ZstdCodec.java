package io.sluice.protocol.record;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Zstandard: one zstd frame per records section. Compression reuses one native context per thread (a
 * context holds megabytes of native tables that are costly to build per batch); decompression streams, so
 * it also reads frames that do not state their content size, as kafka-clients writes them. Native window
 * memory is bounded by zstd's own default limit (2^27 bytes). Loaded only when zstd is used.
 */
final class ZstdCodec extends Codec {
    static final ZstdCodec INSTANCE = new ZstdCodec();

    private static final ThreadLocal<ZstdCompressCtx> CONTEXT = ThreadLocal.withInitial(ZstdCompressCtx::new);

    private ZstdCodec() {
        Zstd.compressBound(1); // loads the native library now, so checkAvailable() reports failure
    }

    @Override
    int maxCompressedLength(int length) {
        long bound = Zstd.compressBound(length);
        if (bound > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("records section of " + length + " bytes is too large for zstd");
        }
        return (int) bound;
    }

    @Override
    int compress(byte[] src, int offset, int length, int level, byte[] dst, int limit) {
        ZstdCompressCtx ctx = CONTEXT.get();
        ctx.setLevel(level);
        int n = ctx.compressByteArray(dst, 0, dst.length, src, offset, length);
        return n < limit ? n : -1;
    }

    @Override
    void decompress(byte[] src, int offset, int length, BoundedOutput out) {
        try (ZstdInputStreamNoFinalizer in =
                new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(src, offset, length))) {
            StreamCopy.drain(in, out);
        } catch (IOException | RuntimeException e) {
            throw StreamCopy.corrupt("zstd", e);
        }
    }
}
