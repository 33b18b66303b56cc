package io.sluice.producer.internal.txn;

import io.sluice.producer.internal.metadata.Cluster;

/** What the transaction driver needs from the sender it runs inside. I/O thread only. */
public interface SenderPort {
    /** Fails every batch still queued (not on the wire) and every record held for metadata with {@code error}. */
    void failQueued(RuntimeException error, long nowMs);

    /**
     * Whether a batch of the producer is still queued, held for metadata or on the wire. Answered from the I/O
     * thread's own books, never from callbacks still to run, so nothing has to wake the loop when they ran.
     */
    boolean hasUnsettledBatches();

    /** The latest cluster snapshot, for a broker to ask FindCoordinator. */
    Cluster cluster();

    /** Asks for fresh metadata, e.g. when no broker is known yet. */
    void requestMetadataUpdate();
}
