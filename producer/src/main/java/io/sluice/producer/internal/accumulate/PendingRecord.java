package io.sluice.producer.internal.accumulate;

/**
 * A record held before it can be appended: its topic's metadata was not known at {@code send()}, or its key moved
 * when the topic's partition count grew and older records of its old partition are incomplete. It is held (and
 * counted against {@code buffer.memory}) until it can go on, then partitioned and appended, or failed at its
 * deadline.
 *
 * <p>Wraps the {@link OutgoingRecord} with what holding needs: the unserialized key and value (a custom
 * partitioner sees them when the metadata arrives), the deadline, and the bytes it counts against
 * {@code buffer.memory}. Those may change: when the metadata arrives with the buffer full of held records, the
 * first record of a new batch takes over the reservations of the held records behind it (they go into that
 * batch), see {@link #takeReservation}. Guarded by the lock of whoever holds it.
 */
public final class PendingRecord {
    private final OutgoingRecord record;
    private final Object keyObject;
    private final Object valueObject;
    private final long deadlineMs;
    private long reservedBytes;

    /**
     * Creates a record to hold; it counts nothing against {@code buffer.memory} until the accumulator reserves its
     * size.
     *
     * @param record the serialized record
     * @param keyObject the key before serialization, for a custom partitioner
     * @param valueObject the value before serialization, for a custom partitioner
     * @param deadlineMs when to give up waiting (clock milliseconds)
     */
    public PendingRecord(OutgoingRecord record, Object keyObject, Object valueObject, long deadlineMs) {
        this.record = record;
        this.keyObject = keyObject;
        this.valueObject = valueObject;
        this.deadlineMs = deadlineMs;
    }

    /** Counts {@code bytes} more as reserved for this record. */
    void addReservation(long bytes) {
        reservedBytes += bytes;
    }

    /** Moves up to {@code wanted} reserved bytes from {@code other} to this record; returns how many moved. */
    long takeReservation(PendingRecord other, long wanted) {
        long moved = Math.min(wanted, other.reservedBytes);
        other.reservedBytes -= moved;
        reservedBytes += moved;
        return moved;
    }

    /** Returns the serialized record, which is also its future. */
    public OutgoingRecord record() {
        return record;
    }

    /** Returns the key before serialization. */
    public Object keyObject() {
        return keyObject;
    }

    /** Returns the value before serialization. */
    public Object valueObject() {
        return valueObject;
    }

    /** The bytes this record counts against {@code buffer.memory} now. */
    public long reservedBytes() {
        return reservedBytes;
    }

    /** Returns when to give up waiting, in clock milliseconds. */
    public long deadlineMs() {
        return deadlineMs;
    }
}
