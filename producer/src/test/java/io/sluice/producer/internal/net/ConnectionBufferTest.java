package io.sluice.producer.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.types.ByteReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/** The outbound buffer of a connection that is always a little behind: it must not grow with every request. */
class ConnectionBufferTest {
    private static final int FRAME = 1_000;

    /** A socket that takes at most {@code perWrite} bytes per call. */
    private static final class TrickleTransport extends SocketlessTransport {
        private final SocketChannel channel;
        private final int perWrite;

        TrickleTransport(SocketChannel channel, int perWrite) {
            this.channel = channel;
            this.perWrite = perWrite;
        }

        @Override
        public SocketChannel channel() {
            return channel;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(perWrite, src.remaining());
            src.position(src.position() + n);
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    @Test
    void aConnectionThatNeverQuiteCatchesUpKeepsItsBufferBounded() throws IOException {
        try (Selector selector = Selector.open();
                SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            Connection c = new Connection(
                    new BrokerEndpoint(1, "127.0.0.1", 9092),
                    new TrickleTransport(channel, FRAME),
                    key,
                    1 << 20,
                    0,
                    10_000);
            c.state = Connection.State.READY;
            ArrayDeque<InFlightRequest> written = new ArrayDeque<>();
            int[] writtenFrames = new int[1];
            ResponseHandler counter = new ResponseHandler() {
                @Override
                public void onResponse(ByteReader body, short version, long nowMs) {
                    writtenFrames[0]++;
                }

                @Override
                public void onFailure(IOException error, long nowMs) {}
            };
            // Half a frame of backlog first, then one frame queued per write of one frame's worth: the socket always
            // holds back half a frame, so the buffer is never completely written out.
            enqueue(c, FRAME / 2, counter);
            int frames = 20_000;
            for (int i = 0; i < frames; i++) {
                enqueue(c, FRAME, counter);
                c.flush(0, written);
                for (InFlightRequest r : written) {
                    r.handler.onResponse(null, r.version, 0);
                }
                written.clear();
            }

            assertThat(c.outbound.pendingBytes()).as("bytes not yet written").isEqualTo(FRAME / 2);
            assertThat(writtenFrames[0]).as("frames fully written").isEqualTo(frames);
            // Without dropping the written prefix the buffer would hold all 20 MB ever queued.
            assertThat(c.outbound.arrayCapacity()).isLessThanOrEqualTo(8 * FRAME);
        }
    }

    private static void enqueue(Connection c, int bytes, ResponseHandler handler) {
        c.outbound.beginFrame();
        c.outbound.writer().writeBytes(new byte[bytes - 4]);
        long frameEnd = c.outbound.endFrame();
        c.inFlight.add(new InFlightRequest(0, ApiKey.PRODUCE, (short) 9, false, handler, 0, Long.MAX_VALUE, frameEnd));
    }
}
