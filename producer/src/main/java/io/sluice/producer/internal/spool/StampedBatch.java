package io.sluice.producer.internal.spool;

import java.util.List;

/**
 * A batch that was stamped (and may have gone on the wire) but not acknowledged: resend it with exactly this
 * identity and base sequence, so a broker that stored it answers DUPLICATE_SEQUENCE_NUMBER instead of storing it
 * twice.
 *
 * @param records its records in their original order
 */
public record StampedBatch(long producerId, short epoch, int baseSequence, List<SpooledRecord> records) {
    public StampedBatch {
        records = List.copyOf(records);
    }
}
