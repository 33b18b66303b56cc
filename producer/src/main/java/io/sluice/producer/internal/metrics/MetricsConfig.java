package io.sluice.producer.internal.metrics;

/**
 * The sampling settings: values fall into windows of {@code windowMs} ({@code metrics.sample.window.ms}), and the
 * last {@code samples} windows ({@code metrics.num.samples}) make up what a rate, average or maximum is taken over.
 */
public record MetricsConfig(long windowMs, int samples, RecordingLevel level) {
    /** Kafka's defaults: two windows of 30 seconds, INFO. */
    public static final MetricsConfig DEFAULT = new MetricsConfig(30_000, 2, RecordingLevel.INFO);

    public MetricsConfig {
        windowMs = Math.max(1, windowMs);
        samples = Math.max(1, samples);
    }

    /** The window {@code nowMs} falls in: windows are aligned on multiples of {@link #windowMs()}. */
    long windowOf(long nowMs) {
        return Math.floorDiv(nowMs, windowMs);
    }

    /** The slot of a ring of {@link #samples()} slots that holds {@code window}. */
    int slotOf(long window) {
        return (int) Math.floorMod(window, (long) samples);
    }

    /** The oldest window a read at {@code nowMs} combines: the last {@link #samples()} windows, the current one included. */
    long oldestWindow(long nowMs) {
        return windowOf(nowMs) - samples + 1;
    }
}
