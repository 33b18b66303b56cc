package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** {@link RecordBatchBuilder#tryAppend} writes exactly what {@code hasRoomFor} + {@code append} would. */
class RecordBatchBuilderTryAppendTest {
    private static final Header[] NONE = new Header[0];

    @Test
    void writesTheSameBatchAsAppendAndRefusesWithoutWritingWhenFull() {
        RecordBatchBuilder tried = new RecordBatchBuilder(ByteBuffer.allocate(1024), Compression.NONE, 0L);
        RecordBatchBuilder appended = new RecordBatchBuilder(ByteBuffer.allocate(1024), Compression.NONE, 0L);
        Header[] headers = {new RecordHeader("h", new byte[] {1, 2})};
        int records = 0;
        while (true) {
            long ts = 5000L - records; // deltas of both signs around the base timestamp
            byte[] key = records % 2 == 0 ? null : new byte[] {(byte) records};
            byte[] value = new byte[30 + records % 7];
            boolean room = appended.hasRoomFor(ts, key, value, headers);
            int before = tried.sizeInBytes();
            int size = tried.tryAppend(ts, key, value, headers);
            if (!room) {
                assertThat(size).isEqualTo(-1);
                assertThat(tried.sizeInBytes()).isEqualTo(before);
                break;
            }
            assertThat(size).isEqualTo(appended.append(ts, key, value, headers));
            records++;
        }
        assertThat(records).isGreaterThan(10);
        assertThat(tried.seal(-1L, (short) -1, -1, false)).isEqualTo(appended.seal(-1L, (short) -1, -1, false));
        assertThat(tried.tryAppend(1L, null, new byte[1], NONE)).as("sealed").isEqualTo(-1);
    }
}
