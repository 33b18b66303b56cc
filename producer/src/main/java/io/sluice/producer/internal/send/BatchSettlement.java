package io.sluice.producer.internal.send;

import io.sluice.producer.internal.accumulate.ProducerBatch;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.protocol.Errors;

/**
 * What a {@link ProduceOutcome} may do with the batches of its request: the sender's settling moves, nothing
 * else of the sender. {@link ProduceOutcome} decides which move an answer calls for; the sender carries it out
 * (books, muting, idempotence and transaction events, metrics). I/O thread only.
 */
interface BatchSettlement {
    /** The cluster as now known, to match a response's topic ids to batches. */
    Cluster cluster();

    /** Whether batches carry sequences, so sequence answers mean something. */
    boolean idempotent();

    /** Whether a stale epoch on Produce ends only the transaction, not the producer (KIP-588). */
    boolean staleEpochIsAbortable();

    /** The broker wrote the batch (or already held it: DUPLICATE_SEQUENCE_NUMBER). */
    void completed(ProducerBatch batch, long baseOffset, long logAppendTimeMs);

    /** A retriable failure: again if retries and time are left, else fail with {@code finalError}. */
    void retryOrFail(ProducerBatch batch, Errors error, RuntimeException finalError, long nowMs);

    /** OUT_OF_ORDER_SEQUENCE_NUMBER: the idempotence layer learns whether an earlier batch explains it, then retry. */
    void outOfOrder(ProducerBatch batch, Errors error, RuntimeException finalError, long nowMs);

    /** UNKNOWN_PRODUCER_ID: the partition starts over under a new identity, then retry. */
    void unknownProducer(ProducerBatch batch, Errors error, RuntimeException finalError, long nowMs);

    /** MESSAGE_TOO_LARGE for a batch of several records: give them back in smaller batches. */
    void split(ProducerBatch batch, long nowMs);

    /** The broker refused the batch for good. */
    void fail(ProducerBatch batch, RuntimeException error, long nowMs);

    /** An answer after which no batch of this producer can be written safely: the producer is done. */
    void fatal(ProducerBatch batch, RuntimeException error, String errorName, long nowMs);

    /** The broker says the partition's leader moved (or may have): take its hint and refresh metadata. */
    void leaderMoved(ProducerBatch batch, int leaderId, int leaderEpoch, long nowMs);

    /** The request failed as a whole: the leader may be gone, so refresh metadata. */
    void requestFailed();
}
