package io.sluice.producer.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Frames queued with spliced record buffers reach the socket byte for byte, however the socket takes them. */
class OutboundFramesTest {

    /** A socket that takes at most a (random) number of bytes per call and records everything it took. */
    private static final class RecordingTransport extends SocketlessTransport {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final Random random;
        final int maxPerCall;
        final boolean gathering;

        RecordingTransport(long seed, int maxPerCall, boolean gathering) {
            this.random = new Random(seed);
            this.maxPerCall = maxPerCall;
            this.gathering = gathering;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), random.nextInt(maxPerCall + 1));
            take(src, n);
            return n;
        }

        @Override
        public void write(ByteBuffer[] srcs, int offset, int length) throws java.io.IOException {
            if (!gathering) {
                super.write(srcs, offset, length);
                return;
            }
            // Like writev: one budget for all the pieces, taken in order.
            int budget = random.nextInt(maxPerCall + 1);
            for (int i = offset; i < offset + length && budget > 0; i++) {
                int n = Math.min(budget, srcs[i].remaining());
                take(srcs[i], n);
                budget -= n;
            }
        }

        private void take(ByteBuffer src, int n) {
            byte[] bytes = new byte[n];
            src.get(bytes);
            wire.write(bytes, 0, n);
        }
    }

    @Property(tries = 100)
    void framesMixingCopiedAndSplicedBytesArriveExactlyAndInOrder(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 20) int frames,
            @ForAll @IntRange(min = 200, max = 70_000) int maxPerCall,
            @ForAll boolean gathering) {
        Random random = new Random(seed);
        OutboundFrames out = new OutboundFrames(gathering);
        RecordingTransport transport = new RecordingTransport(seed, maxPerCall, gathering);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<Long> frameEnds = new ArrayList<>();
        List<ByteBuffer> sources = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            out.beginFrame();
            int parts = 1 + random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                // Small parts are copied, large ones (a record batch) spliced; some start at an offset.
                int size = random.nextBoolean() ? random.nextInt(64) : random.nextInt(20_000);
                byte[] bytes = randomBytes(random, size + 3);
                ByteBuffer part = ByteBuffer.wrap(bytes, 3, size).slice();
                out.writer().writeBytes(part);
                assertThat(part.position())
                        .as("the caller's buffer does not move")
                        .isZero();
                sources.add(part);
                body.write(bytes, 3, size);
                out.writer().writeShort(p);
                body.write(p >>> 8);
                body.write(p);
            }
            frameEnds.add(out.endFrame());
            expected.write(ByteBuffer.allocate(4).putInt(body.size()).array(), 0, 4);
            expected.write(body.toByteArray(), 0, body.size());
            // Write a little between frames sometimes, so frames are queued behind half-written ones.
            if (random.nextInt(3) == 0) {
                writeOnce(out, transport);
            }
            assertThat(transport.wire.size()).isEqualTo(out.logicalWritten());
        }
        int calls = 0;
        while (out.hasPending()) {
            writeOnce(out, transport);
            assertThat(++calls).as("progress").isLessThan(10_000_000);
        }

        assertThat(transport.wire.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(out.logicalWritten()).isEqualTo(frameEnds.get(frameEnds.size() - 1));
        assertThat(out.pendingBytes()).isZero();
        for (ByteBuffer source : sources) {
            assertThat(source.position()).isZero();
        }
    }

    private static void writeOnce(OutboundFrames out, Transport transport) {
        try {
            out.writeTo(transport);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLargeBufferIsNotCopiedIntoTheArray() throws Exception {
        OutboundFrames out = new OutboundFrames(true);
        out.beginFrame();
        out.writer().writeInt(42);
        out.writer().writeBytes(ByteBuffer.allocate(4 << 20));
        out.writer().writeInt(43);
        long end = out.endFrame();

        assertThat(end).isEqualTo(4 + 4 + (4 << 20) + 4);
        assertThat(out.arrayCapacity())
                .as("only the small fields are in the array")
                .isLessThan(4096);

        RecordingTransport transport = new RecordingTransport(1, 1 << 20, true);
        while (out.hasPending()) {
            out.writeTo(transport);
        }
        ByteBuffer wire = ByteBuffer.wrap(transport.wire.toByteArray());
        assertThat(wire.getInt()).isEqualTo(4 + (4 << 20) + 4);
        assertThat(wire.getInt()).isEqualTo(42);
        wire.position(wire.position() + (4 << 20));
        assertThat(wire.getInt()).isEqualTo(43);
    }

    @Test
    void forATransportThatDoesNotGatherEverythingIsCopied() throws Exception {
        OutboundFrames out = new OutboundFrames(false);
        out.beginFrame();
        out.writer().writeBytes(ByteBuffer.allocate(100_000));
        out.endFrame();

        assertThat(out.arrayCapacity()).isGreaterThanOrEqualTo(100_004);
        RecordingTransport transport = new RecordingTransport(3, 10_000, false);
        while (out.hasPending()) {
            out.writeTo(transport);
        }
        assertThat(transport.wire.size()).isEqualTo(100_004);
    }

    @Test
    void aFrameWhoseEncodingFailedLeavesNothingOnTheWire() throws Exception {
        OutboundFrames out = new OutboundFrames(true);
        out.beginFrame();
        out.writer().writeInt(1);
        out.writer().writeBytes(ByteBuffer.allocate(10_000));
        out.abandonFrame();
        out.beginFrame();
        out.writer().writeInt(7);
        long end = out.endFrame();

        RecordingTransport transport = new RecordingTransport(2, 100, true);
        while (out.hasPending()) {
            out.writeTo(transport);
        }
        assertThat(end).isEqualTo(8);
        assertThat(transport.wire.toByteArray()).containsExactly(0, 0, 0, 4, 0, 0, 0, 7);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void everyWriteCallThatMovedBytesIsCountedOnceForNetworkIo() throws Exception {
        OutboundFrames out = new OutboundFrames(true);
        out.beginFrame();
        out.writer().writeInt(42);
        out.writer().writeBytes(ByteBuffer.allocate(10_000));
        out.endFrame();
        // A socket that takes 3,000 bytes on every other call and nothing on the others.
        Transport transport = new SocketlessTransport() {
            private int calls;

            @Override
            public boolean gathersWrites() {
                return true;
            }

            @Override
            public void write(ByteBuffer[] srcs, int offset, int length) {
                int budget = calls++ % 2 == 0 ? 3_000 : 0;
                for (int i = offset; i < offset + length && budget > 0; i++) {
                    int n = Math.min(budget, srcs[i].remaining());
                    srcs[i].position(srcs[i].position() + n);
                    budget -= n;
                }
            }
        };
        int writeToCalls = 0;
        while (out.hasPending()) {
            out.writeTo(transport);
            writeToCalls++;
        }
        assertThat(writeToCalls).isEqualTo(7); // 10,008 bytes: 4 calls that took bytes, 3 that took none
        assertThat(out.takeWrites()).isEqualTo(4);
        assertThat(out.takeWrites()).as("taken: back to zero").isZero();
    }
}
