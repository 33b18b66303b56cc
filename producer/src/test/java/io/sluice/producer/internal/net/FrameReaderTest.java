package io.sluice.producer.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.types.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a frame's size prefix can make the reader do: reject it, or allocate only what arrives. */
class FrameReaderTest {
    private static final int LIMIT = 256 << 20;

    /** Hands out scripted chunks, one per read call; then 0 (nothing more yet) or -1 (closed). */
    private static final class ChunkedTransport extends SocketlessTransport {
        private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
        private boolean closedAfterChunks;

        ChunkedTransport add(byte[] bytes) {
            chunks.add(ByteBuffer.wrap(bytes));
            return this;
        }

        ChunkedTransport thenClose() {
            closedAfterChunks = true;
            return this;
        }

        @Override
        public int read(ByteBuffer dst) {
            ByteBuffer next = chunks.peek();
            if (next == null) {
                return closedAfterChunks ? -1 : 0;
            }
            int n = Math.min(dst.remaining(), next.remaining());
            ByteBuffer slice = next.slice();
            slice.limit(n);
            dst.put(slice);
            next.position(next.position() + n);
            if (!next.hasRemaining()) {
                chunks.poll();
            }
            return n;
        }
    }

    private static byte[] size(int size) {
        return ByteBuffer.allocate(4).putInt(size).array();
    }

    @Test
    void aSizeAboveTheLimitIsAProtocolErrorNamingTheSizeAndTheLimit() {
        FrameReader reader = new FrameReader(1024, LIMIT);
        ChunkedTransport transport = new ChunkedTransport().add(size(Integer.MAX_VALUE));

        assertThatThrownBy(() -> reader.readFrom(transport))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("frame size 2147483647")
                .hasMessageContaining("0.." + LIMIT);
        assertThat(reader.capacity()).isEqualTo(1024);
    }

    @Test
    void aNegativeSizeIsAProtocolError() {
        FrameReader reader = new FrameReader(1024, LIMIT);
        ChunkedTransport transport = new ChunkedTransport().add(size(-5));

        assertThatThrownBy(() -> reader.readFrom(transport))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("frame size -5");
    }

    @Test
    void aClaimWithinTheLimitAllocatesWhatArrivesNotWhatIsClaimed() throws IOException {
        FrameReader reader = new FrameReader(1024, LIMIT);
        ChunkedTransport transport = new ChunkedTransport().add(size(200 << 20)).add(new byte[100]);

        assertThat(reader.readFrom(transport)).isFalse();
        assertThat(reader.capacity()).isLessThanOrEqualTo(FrameReader.FIRST_GROWTH);

        transport.add(new byte[300_000]);
        assertThat(reader.readFrom(transport)).isFalse();
        // At most twice what arrived: the buffer doubles as bytes come in.
        assertThat(reader.capacity()).isLessThanOrEqualTo(2 * 300_100);
    }

    @Test
    void aLargeFrameArrivingInPiecesIsReadWhole() throws IOException {
        byte[] payload = new byte[1_000_003];
        new Random(7).nextBytes(payload);
        FrameReader reader = new FrameReader(1024, LIMIT);
        ChunkedTransport transport = new ChunkedTransport().add(size(payload.length));
        for (int at = 0; at < payload.length; at += 70_001) {
            byte[] chunk = new byte[Math.min(70_001, payload.length - at)];
            System.arraycopy(payload, at, chunk, 0, chunk.length);
            transport.add(chunk);
        }

        assertThat(reader.readFrom(transport)).isTrue();

        ByteBuffer frame = reader.frame();
        byte[] read = new byte[frame.remaining()];
        frame.get(read);
        assertThat(read).isEqualTo(payload);
        assertThat(reader.capacity()).isEqualTo(payload.length);
    }

    @Test
    void theBufferIsReusedForTheNextFrame() throws IOException {
        FrameReader reader = new FrameReader(16, LIMIT);
        ChunkedTransport transport = new ChunkedTransport()
                .add(size(100_000))
                .add(new byte[100_000])
                .add(size(3))
                .add(new byte[] {1, 2, 3});

        assertThat(reader.readFrom(transport)).isTrue();
        int capacity = reader.capacity();
        reader.next();
        assertThat(reader.readFrom(transport)).isTrue();

        assertThat(reader.frame().remaining()).isEqualTo(3);
        assertThat(reader.frame().get(2)).isEqualTo((byte) 3);
        assertThat(reader.capacity()).isEqualTo(capacity);
    }

    @Test
    void aConnectionClosedMidFrameSaysHowFarTheFrameGot() {
        FrameReader reader = new FrameReader(1024, LIMIT);
        ChunkedTransport transport =
                new ChunkedTransport().add(size(50)).add(new byte[20]).thenClose();

        assertThatThrownBy(() -> reader.readFrom(transport))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("mid-frame")
                .hasMessageContaining("20 of 50 bytes");
    }

    @Test
    void everyReadThatMovedBytesIsCountedOnceForNetworkIo() throws IOException {
        FrameReader reader = new FrameReader(1024, LIMIT);
        ChunkedTransport transport = new ChunkedTransport()
                .add(new byte[] {0, 0})
                .add(new byte[] {0, 5})
                .add(new byte[] {1, 2})
                .add(new byte[] {3, 4, 5});

        assertThat(reader.readFrom(transport)).as("half a size field").isFalse();
        assertThat(reader.readFrom(transport)).isTrue();
        assertThat(reader.takeReads()).as("four chunks, four reads").isEqualTo(4);
        assertThat(reader.takeReads()).as("taken: back to zero").isZero();
        reader.next();
        assertThat(reader.readFrom(transport)).as("nothing has arrived").isFalse();
        assertThat(reader.takeReads())
                .as("a read that found nothing does not count")
                .isZero();
    }
}
