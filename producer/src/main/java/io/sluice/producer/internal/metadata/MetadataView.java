package io.sluice.producer.internal.metadata;

/**
 * The front half's window on cluster metadata, implemented by the back half.
 *
 * <p>None of these methods may block: {@code send()} calls them on the caller's thread. New snapshots reach the
 * front half through {@code RecordAccumulator.onMetadataUpdate(Cluster, long)}.
 */
public interface MetadataView {
    /** Returns the latest snapshot; {@link Cluster#empty()} before the first answer. */
    Cluster current();

    /**
     * Asks for metadata of a topic the producer does not know yet (or whose partition count must be checked).
     * Idempotent and cheap; the answer arrives later through {@code onMetadataUpdate}.
     */
    void requestTopic(String topic);

    /** Asks for a refresh of everything known, e.g. after a leader became unknown. */
    void requestUpdate();

    /**
     * The error that ended the producer for good before it ever had metadata (bootstrap names that never
     * resolved), or {@code null}. Cheap: a volatile read.
     */
    default RuntimeException fatalError() {
        return null;
    }
}
