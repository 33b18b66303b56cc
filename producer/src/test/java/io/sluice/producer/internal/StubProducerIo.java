package io.sluice.producer.internal;

import io.sluice.producer.internal.accumulate.ProducerBatch;
import io.sluice.producer.internal.accumulate.ReadyCheck;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.metadata.MetadataView;
import io.sluice.producer.internal.send.ProducerIo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A back half without a network: {@link #runOnce()} drains what is sendable and acknowledges it, assigning
 * offsets per partition like a broker would. With {@code autoSend}, every wakeup runs it at once on the waking
 * thread, so flush and close complete without a network thread.
 */
public final class StubProducerIo implements ProducerIo, MetadataView {
    private final Context context;
    private final ManualClock clock;
    private final Map<String, Long> nextOffset = new HashMap<>();
    public final Set<String> requestedTopics = ConcurrentHashMap.newKeySet();
    public final List<ProducerBatch> sent = new ArrayList<>();
    public volatile boolean autoSend = true;
    public volatile RuntimeException failWith;
    private volatile Cluster cluster = Cluster.empty();
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean closing;
    private volatile boolean terminated;
    public volatile int wakeups;

    private StubProducerIo(Context context, ManualClock clock) {
        this.context = context;
        this.clock = clock;
    }

    /** Returns a factory that keeps a reference to the created stub in {@code holder[0]}. */
    public static Factory factory(ManualClock clock, StubProducerIo[] holder) {
        return ctx -> holder[0] = new StubProducerIo(ctx, clock);
    }

    public RecordAccumulator accumulator() {
        return context.accumulator();
    }

    /** Publishes a snapshot, as the metadata refresher would. */
    public void publish(Cluster c) {
        cluster = c;
        context.accumulator().onMetadataUpdate(c, clock.milliseconds());
    }

    @Override
    public MetadataView metadata() {
        return this;
    }

    @Override
    public Cluster current() {
        return cluster;
    }

    @Override
    public void requestTopic(String topic) {
        requestedTopics.add(topic);
    }

    @Override
    public void requestUpdate() {}

    @Override
    public void start() {}

    @Override
    public void wakeup() {
        wakeups++;
        if (autoSend) {
            runOnce();
        }
    }

    /** One sender step: expire, ready, drain, acknowledge (or fail with {@link #failWith}). */
    public void runOnce() {
        lock.lock();
        try {
            long now = clock.milliseconds();
            RecordAccumulator acc = context.accumulator();
            for (ProducerBatch b : acc.expiredBatches(now)) {
                b.completeExceptionally(b.deliveryTimeoutException(now));
                acc.deallocate(b);
            }
            ReadyCheck ready = acc.ready(cluster, now);
            Map<Integer, List<ProducerBatch>> drained = acc.drain(cluster, ready.readyNodes(), 1 << 20, now);
            for (List<ProducerBatch> batches : drained.values()) {
                for (ProducerBatch b : batches) {
                    sent.add(b);
                    if (failWith != null) {
                        b.completeExceptionally(failWith);
                    } else {
                        String tp = b.topic() + "-" + b.partition();
                        long base = nextOffset.getOrDefault(tp, 0L);
                        nextOffset.put(tp, base + b.recordCount());
                        b.complete(base, -1L);
                    }
                    acc.deallocate(b);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends everything, as a sender loop would until the accumulator is empty. */
    public void drainAll() {
        for (int i = 0; i < 10_000 && context.accumulator().hasUndrained(); i++) {
            runOnce();
        }
    }

    @Override
    public void initiateClose() {
        closing = true;
        if (autoSend) {
            drainAll();
            terminated = true;
        }
    }

    @Override
    public void forceClose() {
        context.accumulator()
                .abortIncompleteBatches(new io.sluice.producer.errors.ProducerClosedException("forced close"));
        terminated = true;
    }

    @Override
    public boolean awaitTermination(Duration timeout) {
        return terminated;
    }

    public boolean closing() {
        return closing;
    }

    @Override
    public Map<String, Number> metrics() {
        return Map.of("request-total", sent.size());
    }
}
