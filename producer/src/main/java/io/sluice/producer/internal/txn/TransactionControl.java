package io.sluice.producer.internal.txn;

import io.sluice.producer.ConsumerGroupMetadata;
import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.TopicPartition;
import java.util.Map;

/**
 * The transactional calls of {@code SluiceProducer} as the back half serves them. Every method runs on a user
 * thread, blocks at most the given time and throws the exception the public API documents; a call that timed out
 * may be repeated and resumes the operation it started.
 */
public interface TransactionControl {
    /** Finds the coordinator and gets the producer id and epoch for the transactional id, fencing older ones. */
    void initTransactions(long maxBlockMs);

    /** Starts a transaction; no broker round trip. */
    void beginTransaction();

    /** Adds the consumer group's offsets to the current transaction. */
    void sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group, long maxBlockMs);

    /** Flushes the transaction's records, then commits it. */
    void commitTransaction(long maxBlockMs);

    /** Fails the records not yet sent, waits for those in flight, then aborts the transaction. */
    void abortTransaction(long maxBlockMs);

    /** Throws when a record may not be sent now: outside a transaction, or after an error. */
    void checkSend();

    /** A record of the transaction failed before it reached a batch: the transaction must abort. */
    void recordFailed(RuntimeException error);

    /** A record of the transaction waits for its topic's metadata; commit waits until it settled. */
    void heldForMetadata();

    /** A held record settled (its callback ran): {@code error} is null when it was written. */
    void heldRecordDone(Exception error);
}
