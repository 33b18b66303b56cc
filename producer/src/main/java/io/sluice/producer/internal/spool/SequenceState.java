package io.sluice.producer.internal.spool;

/**
 * The identity a partition's last stamped batch carried and the sequence its next batch takes under it.
 *
 * @param nextSequence the base sequence of the batch after the last one stamped (wrapping past
 *     {@code Integer.MAX_VALUE} to 0, as the broker expects)
 */
public record SequenceState(long producerId, short epoch, int nextSequence) {
    /** No identity known: no batch was ever stamped. */
    public static final SequenceState NONE = new SequenceState(-1L, (short) -1, 0);

    /** The sequence after a batch of {@code count} records stamped from {@code baseSequence}. */
    static int after(int baseSequence, int count) {
        long next = (long) baseSequence + count;
        return (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next);
    }
}
