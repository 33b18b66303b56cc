package io.sluice.producer.internal.accumulate;

import io.sluice.producer.internal.metrics.ProducerMetrics;
import io.sluice.producer.internal.metrics.StageLatencies;
import io.sluice.producer.internal.metrics.StageLatencies.Stage;
import io.sluice.producer.internal.time.Clock;

/**
 * Records the accumulator's stages of each batch into {@link StageLatencies}: accumulate (created until full or
 * lingered) and send-wait (from then until drained) at its first drain, and callback (from its completion until
 * its callbacks have run) on the callback thread. Per batch, weighted by its record count; nothing per record.
 */
final class BatchTimings {
    private final Clock clock;
    private final long lingerMs;
    private volatile StageLatencies stages = ProducerMetrics.NONE.stages();

    BatchTimings(Clock clock, long lingerMs) {
        this.clock = clock;
        this.lingerMs = lingerMs;
    }

    void use(ProducerMetrics metrics) {
        this.stages = metrics.stages();
    }

    /** A batch was drained for the first time at {@code nowMs}. */
    void firstDrain(ProducerBatch batch, long nowMs) {
        long readyMs = Math.min(nowMs, batch.readyMs(lingerMs));
        StageLatencies s = stages;
        int records = batch.recordCount();
        s.record(
                Stage.ACCUMULATE,
                batch.topic(),
                batch.partition(),
                (readyMs - batch.createdMs()) * 1000,
                records,
                nowMs);
        s.record(Stage.SEND_WAIT, batch.topic(), batch.partition(), (nowMs - readyMs) * 1000, records, nowMs);
    }

    /** The clock's nanoseconds, read when a batch completes. */
    long completedNanos() {
        return clock.nanoseconds();
    }

    /** Every callback of {@code batch}, completed at {@code completedNanos}, has run. */
    void callbacksRun(ProducerBatch batch, long completedNanos) {
        long nowNs = clock.nanoseconds();
        stages.record(
                Stage.CALLBACK,
                batch.topic(),
                batch.partition(),
                (nowNs - completedNanos) / 1000,
                batch.recordCount(),
                clock.milliseconds());
    }
}
