package io.sluice.producer.internal.net.sasl.oauth;

import java.util.function.DoubleSupplier;

/**
 * When to fetch the next token, from Kafka's {@code sasl.login.refresh.*} settings:
 *
 * <pre>
 * window   issued + lifetime * (window.factor + random[0,1) * window.jitter)
 * buffer   moved earlier, to expiry - buffer.seconds, when the window falls later than that
 * minimum  never sooner than min.period.seconds after now, unless that would pass the expiry, which the window
 *          point then wins
 * </pre>
 *
 * where lifetime = expiry - issued (the token's {@code iat}, or when it arrived).
 *
 * @param random draws the jitter; a test passes a fixed one
 */
public record RefreshPolicy(
        double windowFactor, double windowJitter, long minPeriodMs, long bufferMs, DoubleSupplier random) {

    /** After a failed fetch, the next attempt waits this long, as Kafka's refresh thread does. */
    public static final long RETRY_AFTER_FAILURE_MS = 10_000;

    /** The time to fetch the token after {@code token}, fetched at {@code nowMs}. */
    public long refreshAtMs(AccessToken token, long nowMs) {
        long issued = Math.min(token.issuedAtMs(), nowMs);
        long expiry = token.expiresAtMs();
        long lifetime = Math.max(0, expiry - issued);
        long window = issued + (long) (lifetime * (windowFactor + random.getAsDouble() * windowJitter));
        long at = Math.min(window, expiry - bufferMs);
        long earliest = nowMs + minPeriodMs;
        if (at < earliest) {
            at = earliest < expiry ? earliest : window;
        }
        return Math.max(at, nowMs);
    }
}
