package io.sluice.producer.internal.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.RecordMetadata;
import io.sluice.protocol.record.Compression;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SlotPoolTest {
    private final SlotPool pool = new SlotPool();

    @Test
    void aCompletedBatchGivesItsSlotsBackEmptyAndTheNextBatchReusesThem() throws Exception {
        ProducerBatch first = batch(4);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        List<Long> callbackOffsets = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // more than expected: the slots grow
            OutgoingRecord f = new OutgoingRecord(
                    "t",
                    0,
                    1000L + i,
                    null,
                    new byte[] {(byte) i},
                    new Header[0],
                    (md, e) -> callbackOffsets.add(md.offset()));
            futures.add(f);
            first.tryAppend(f);
        }
        first.seal();
        first.complete(100, -1);
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(futures.get(9).get().offset()).isEqualTo(109);
        assertThat(futures.get(9).get().timestamp()).isEqualTo(1009);
        assertThat(callbackOffsets).containsExactly(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L);

        Object[] returned = pool.take(1);
        assertThat(returned.length).isGreaterThanOrEqualTo(20);
        assertThat(returned).containsOnlyNulls();
        pool.give(returned);

        ProducerBatch second = batch(4);
        assertThat(pool.take(1)).as("the second batch took the pooled array").hasSize(1);
        second.completeExceptionally(new IllegalStateException("failed on purpose"));
        assertThat(pool.take(1)).isSameAs(returned);
    }

    @Test
    void aPooledArrayTooShortForTheBatchIsReplacedAndThePoolIsBounded() {
        pool.give(new Object[2]);
        assertThat(pool.take(8)).hasSize(8);
        for (int i = 0; i < SlotPool.MAX_FREE + 10; i++) {
            pool.give(new Object[3]);
        }
        for (int i = 0; i < SlotPool.MAX_FREE; i++) {
            assertThat(pool.take(2)).as("pooled").hasSize(3);
        }
        assertThat(pool.take(2)).as("beyond the bound: fresh").hasSize(2);
    }

    private ProducerBatch batch(int expected) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        RecordBatchBuilder builder = new RecordBatchBuilder(buffer, Compression.NONE, 1000L);
        return new ProducerBatch("t", 0, buffer, 4096, 4096, builder, 0, CompletionDispatcher.direct(), expected, pool);
    }
}
