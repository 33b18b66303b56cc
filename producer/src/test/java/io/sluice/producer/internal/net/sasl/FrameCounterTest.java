package io.sluice.producer.internal.net.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameCounterTest {

    private static ByteBuffer frames(int... sizes) {
        int total = 0;
        for (int s : sizes) {
            total += 4 + s;
        }
        ByteBuffer b = ByteBuffer.allocate(total);
        for (int s : sizes) {
            b.putInt(s);
            b.position(b.position() + s);
        }
        return b.flip();
    }

    @Test
    void countsFramesFedOneByteAtATime() {
        ByteBuffer b = frames(3, 0, 300, 1);
        FrameCounter counter = new FrameCounter();
        for (int i = 0; i < b.limit(); i++) {
            counter.feed(b, i, i + 1);
            boolean end = i == 6 || i == 10 || i == 314 || i == 319;
            assertThat(counter.atBoundary()).as("after byte %d", i).isEqualTo(end);
        }
        assertThat(counter.frames()).isEqualTo(4);
    }

    @Test
    void countsFramesFedInOneChunkOrSplitInsideTheSize() {
        ByteBuffer b = frames(70_000, 5);
        FrameCounter whole = new FrameCounter();
        whole.feed(b, 0, b.limit());
        FrameCounter split = new FrameCounter();
        split.feed(b, 0, 2);
        split.feed(b, 2, 70_006);
        assertThat(split.frames()).isEqualTo(1);
        assertThat(split.atBoundary()).isFalse();
        split.feed(b, 70_006, b.limit());

        assertThat(whole.frames()).isEqualTo(2);
        assertThat(split.frames()).isEqualTo(2);
        assertThat(split.atBoundary()).isTrue();
    }
}
