package io.sluice.producer.internal.net;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: {@code initial * 2^attempts}, capped at {@code max}, then spread by
 * ±{@code jitter} so that many clients that failed together do not retry together.
 *
 * <p>Used for reconnects ({@code reconnect.backoff.ms} / {@code reconnect.backoff.max.ms}), connection
 * setup timeouts and produce retries ({@code retry.backoff.ms} / {@code retry.backoff.max.ms}). When
 * {@code max <= initial} the backoff is constant at {@code initial} (still jittered), as Kafka documents.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExponentialBackoff {
    private final long initialMs;
    private final long maxMs;
    private final double jitter;
    private final int maxExponent;

    public ExponentialBackoff(long initialMs, long maxMs, double jitter) {
        if (initialMs < 0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("initial " + initialMs + ", jitter " + jitter);
        }
        this.initialMs = initialMs;
        this.maxMs = Math.max(initialMs, maxMs);
        this.jitter = jitter;
        // The smallest exponent at which the un-jittered value reaches the cap; beyond it nothing grows.
        this.maxExponent =
                initialMs == 0 ? 0 : (int) Math.ceil(Math.log((double) this.maxMs / initialMs) / Math.log(2));
    }

    /** The delay before attempt number {@code attempts + 1}, i.e. after {@code attempts} failures (0-based). */
    public long backoffMs(long attempts) {
        if (initialMs == 0) {
            return 0;
        }
        int exponent = (int) Math.min(Math.max(attempts, 0), maxExponent);
        double base = Math.min((double) initialMs * (1L << Math.min(exponent, 62)), maxMs);
        double spread = jitter == 0 ? 1.0 : ThreadLocalRandom.current().nextDouble(1 - jitter, 1 + jitter);
        return (long) Math.ceil(base * spread);
    }

    /** The un-jittered value, for tests and for reasoning about bounds. */
    public long nominalMs(long attempts) {
        int exponent = (int) Math.min(Math.max(attempts, 0), maxExponent);
        return (long) Math.min((double) initialMs * (1L << Math.min(exponent, 62)), maxMs);
    }
}
