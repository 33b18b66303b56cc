package io.sluice.producer.internal.accumulate;

import java.util.concurrent.ConcurrentHashMap;

/**
 * When each broker last had a sendable batch and when it was last drained: a broker that had data ready but was
 * not drained for longer than {@code partitioner.availability.timeout.ms} is skipped by the keyless partitioner.
 */
final class NodeAvailability {
    private static final class Times {
        volatile long readyMs = -1;
        volatile long drainedMs = -1;
    }

    private final ConcurrentHashMap<Integer, Times> byNode = new ConcurrentHashMap<>();

    void onReady(int node, long nowMs) {
        Times t = byNode.computeIfAbsent(node, k -> new Times());
        if (t.drainedMs < 0) {
            t.drainedMs = nowMs;
        }
        t.readyMs = nowMs;
    }

    void onDrained(int node, long nowMs) {
        byNode.computeIfAbsent(node, k -> new Times()).drainedMs = nowMs;
    }

    boolean isUnavailable(int node, long timeoutMs) {
        if (timeoutMs <= 0) {
            return false;
        }
        Times t = byNode.get(node);
        return t != null && t.readyMs - t.drainedMs > timeoutMs;
    }
}
