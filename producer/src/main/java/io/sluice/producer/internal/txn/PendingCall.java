package io.sluice.producer.internal.txn;

import io.sluice.producer.ConsumerGroupMetadata;
import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.TopicPartition;
import io.sluice.producer.errors.InterruptException;
import io.sluice.producer.errors.TimeoutException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

    private final CountDownLatch done = new CountDownLatch(1);
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
        done.countDown();
    }

    void fail(RuntimeException cause) {
        if (done.getCount() > 0) {
            error = cause;
            done.countDown();
        }
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    /** The failure, or null when it succeeded or is still running. */
    RuntimeException error() {
        return error;
    }

    /**
     * Waits for the outcome.
     *
     * @return true when it finished (check {@link #error()}), never false
     * @throws TimeoutException after {@code maxBlockMs}; the call stays pending
     * @throws InterruptException when interrupted; the call stays pending
     */
    boolean await(long maxBlockMs) {
        try {
            if (!done.await(maxBlockMs, TimeUnit.MILLISECONDS)) {
                throw new TimeoutException(
                        "Timeout expired after " + maxBlockMs + " ms (max.block.ms) awaiting " + kind.method
                                + "(); it goes on in the background: call " + kind.method + "() again to wait for it",
                        null,
                        -1,
                        null,
                        null);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(kind.method + "() interrupted", e);
        }
    }
}
