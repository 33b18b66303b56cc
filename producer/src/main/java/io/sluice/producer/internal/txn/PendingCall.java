package io.sluice.producer.internal.txn;

import io.sluice.producer.ConsumerGroupMetadata;
import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.TopicPartition;
import io.sluice.producer.errors.InterruptException;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.internal.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One transactional call the I/O thread works on while the caller waits. A call that timed out stays pending, so
 * the caller can repeat it and wait for the same operation again instead of starting a second one.
 */
final class PendingCall {
    /** Which call. */
    enum Kind {
        INIT("initTransactions"),
        OFFSETS("sendOffsetsToTransaction"),
        COMMIT("commitTransaction"),
        ABORT("abortTransaction");

        final String method;

        Kind(String method) {
            this.method = method;
        }
    }

    final Kind kind;
    /** The offsets to commit, for {@link Kind#OFFSETS}; else null. */
    final Map<TopicPartition, OffsetAndMetadata> offsets;
    /** The consumer group, for {@link Kind#OFFSETS}; else null. */
    final ConsumerGroupMetadata group;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    /** Written under {@link #lock}; volatile so that {@link #isDone} reads it without. */
    private volatile boolean done;

    private volatile RuntimeException error;

    PendingCall(Kind kind) {
        this(kind, null, null);
    }

    PendingCall(Kind kind, Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        this.kind = kind;
        this.offsets = offsets;
        this.group = group;
    }

    void complete() {
        lock.lock();
        try {
            done = true;
            finished.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void fail(RuntimeException cause) {
        lock.lock();
        try {
            if (!done) {
                error = cause;
                done = true;
                finished.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isDone() {
        return done;
    }

    /** The failure, or null when it succeeded or is still running. */
    RuntimeException error() {
        return error;
    }

    /**
     * Waits for the outcome, on the producer's clock, like every timed wait of the producer.
     *
     * @return true when it finished (check {@link #error()}), never false
     * @throws TimeoutException after {@code maxBlockMs}; the call stays pending
     * @throws InterruptException when interrupted; the call stays pending
     */
    boolean await(long maxBlockMs, Clock clock) {
        long deadline = clock.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
        lock.lock();
        try {
            if (Thread.interrupted()) {
                // As a latch's wait would: an interrupted caller learns of it even when the call is done.
                throw new InterruptedException();
            }
            while (!done) {
                long left = deadline - clock.nanoseconds();
                if (left <= 0) {
                    throw timeout(maxBlockMs);
                }
                clock.await(finished, left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(kind.method + "() interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    private TimeoutException timeout(long maxBlockMs) {
        return new TimeoutException(
                "Timeout expired after " + maxBlockMs + " ms (max.block.ms) awaiting " + kind.method
                        + "(); it goes on in the background: call " + kind.method + "() again to wait for it",
                null,
                -1,
                null,
                null);
    }
}
