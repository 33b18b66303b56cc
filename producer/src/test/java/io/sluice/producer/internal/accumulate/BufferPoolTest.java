package io.sluice.producer.internal.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.errors.BufferExhaustedException;
import io.sluice.producer.errors.ProducerClosedException;
import io.sluice.producer.internal.ManualClock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
    private final ManualClock clock = new ManualClock();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void poolableBuffersAreReusedAndOthersReturnTheirBytes() {
        BufferPool pool = new BufferPool(4096, 1024, clock);
        ByteBuffer a = pool.allocate(1024, 0);
        ByteBuffer big = pool.allocate(2000, 0);
        assertThat(pool.availableMemory()).isEqualTo(4096 - 1024 - 2000);
        pool.deallocate(a, 1024);
        pool.deallocate(big, 2000);
        assertThat(pool.availableMemory()).isEqualTo(4096);
        assertThat(pool.pooledFreeMemory()).isEqualTo(1024);
        assertThat(pool.allocate(1024, 0)).isSameAs(a);
    }

    @Test
    void pooledBuffersAreReleasedToServeAnOddSizedRequest() {
        BufferPool pool = new BufferPool(2048, 1024, clock);
        ByteBuffer a = pool.allocate(1024, 0);
        ByteBuffer b = pool.allocate(1024, 0);
        pool.deallocate(a, 1024);
        pool.deallocate(b, 1024);
        assertThat(pool.allocate(2048, 0).capacity()).isEqualTo(2048);
        assertThat(pool.availableMemory()).isZero();
    }

    @Test
    void allocationLargerThanThePoolIsRejected() {
        BufferPool pool = new BufferPool(1000, 100, clock);
        assertThatThrownBy(() -> pool.allocate(1001, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buffer.memory");
    }

    @Test
    void blockedAllocationTimesOutWhenTheClockPassesMaxBlock() {
        BufferPool pool = new BufferPool(1024, 1024, clock);
        pool.allocate(1024, 0);
        CompletableFuture<ByteBuffer> waiting = CompletableFuture.supplyAsync(() -> pool.allocate(1024, 500), threads);
        await(() -> pool.queued() == 1);
        clock.advance(499);
        assertThat(waiting).isNotDone();
        clock.advance(1);
        await(waiting::isDone);
        assertThatThrownBy(waiting::join)
                .hasCauseInstanceOf(BufferExhaustedException.class)
                .hasMessageContaining("within the configured max blocking time 500 ms");
        assertThat(pool.queued()).isZero();
        assertThat(pool.availableMemory()).isZero();
    }

    @Test
    void waiterWakesAsSoonAsMemoryIsFreed() {
        BufferPool pool = new BufferPool(1024, 1024, clock);
        ByteBuffer held = pool.allocate(1024, 0);
        CompletableFuture<ByteBuffer> waiting =
                CompletableFuture.supplyAsync(() -> pool.allocate(1024, 60_000), threads);
        await(() -> pool.queued() == 1);
        pool.deallocate(held, 1024);
        await(waiting::isDone);
        assertThat(waiting.join()).isSameAs(held);
    }

    @Test
    void waitersAreServedInArrivalOrderAndNewcomersDoNotOvertake() {
        BufferPool pool = new BufferPool(3072, 1024, clock);
        ByteBuffer a = pool.allocate(1024, 0);
        ByteBuffer b = pool.allocate(1024, 0);
        ByteBuffer c = pool.allocate(1024, 0);
        List<String> served = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> first = CompletableFuture.runAsync(
                () -> {
                    pool.allocate(2048, 60_000);
                    served.add("first-2048");
                },
                threads);
        await(() -> pool.queued() == 1);
        CompletableFuture<Void> second = CompletableFuture.runAsync(
                () -> {
                    pool.allocate(1024, 60_000);
                    served.add("second-1024");
                },
                threads);
        await(() -> pool.queued() == 2);

        // 1024 bytes free: enough for the second waiter, but the first (larger) one is ahead of it.
        pool.deallocate(a, 1024);
        assertThat(pool.queued()).isEqualTo(2);
        assertThat(served).isEmpty();
        // A newcomer that could be served from free memory must queue too.
        assertThatThrownBy(() -> pool.allocate(16, 0)).isInstanceOf(BufferExhaustedException.class);

        pool.deallocate(b, 1024);
        await(first::isDone);
        pool.deallocate(c, 1024);
        await(second::isDone);
        assertThat(served).containsExactly("first-2048", "second-1024");
    }

    @Test
    void closingWakesWaitersWithAClearError() {
        BufferPool pool = new BufferPool(1024, 1024, clock);
        pool.allocate(1024, 0);
        CompletableFuture<ByteBuffer> waiting =
                CompletableFuture.supplyAsync(() -> pool.allocate(1024, 60_000), threads);
        await(() -> pool.queued() == 1);
        pool.close();
        await(waiting::isDone);
        assertThatThrownBy(waiting::join).hasCauseInstanceOf(ProducerClosedException.class);
    }

    @Test
    void reservationsCountAgainstTheCapAndConvertToBuffers() {
        BufferPool pool = new BufferPool(4096, 1024, clock);
        pool.reserve(100, 0);
        assertThat(pool.availableMemory()).isEqualTo(3996);
        ByteBuffer b = pool.exchangeReservation(100, 1024);
        assertThat(b.capacity()).isEqualTo(1024);
        assertThat(pool.availableMemory()).isEqualTo(3072);
        pool.reserve(3072, 0);
        assertThat(pool.exchangeReservation(10, 1024)).isNull();
        pool.release(3072);
        assertThat(pool.availableMemory()).isEqualTo(3072);
    }
}
