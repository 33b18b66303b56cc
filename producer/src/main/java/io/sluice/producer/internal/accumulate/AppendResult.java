package io.sluice.producer.internal.accumulate;

/**
 * Decodes the {@code long} that {@link RecordAccumulator#append} returns: the partition in the low 32 bits and
 * flags above, so the hot path allocates no result object.
 */
public final class AppendResult {
    static final long BATCH_FULL = 1L << 32;
    static final long NEW_BATCH = 1L << 33;

    private AppendResult() {}

    static long of(int partition, boolean batchFull, boolean newBatch) {
        return (partition & 0xffffffffL) | (batchFull ? BATCH_FULL : 0) | (newBatch ? NEW_BATCH : 0);
    }

    /** Returns the partition the record went to. */
    public static int partition(long result) {
        return (int) result;
    }

    /** Returns whether the batch is now full, so the sender should be woken. */
    public static boolean batchIsFull(long result) {
        return (result & BATCH_FULL) != 0;
    }

    /** Returns whether a new batch was created for the record. */
    public static boolean newBatchCreated(long result) {
        return (result & NEW_BATCH) != 0;
    }
}
