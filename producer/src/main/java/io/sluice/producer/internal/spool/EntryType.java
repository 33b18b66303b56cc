package io.sluice.producer.internal.spool;

/** The type byte of a journal entry; the layouts are drawn in the package documentation. */
final class EntryType {
    /** A serialized record and its global sequence number. */
    static final byte RECORD = 1;
    /** The partition chosen for a record journaled with partition -1. */
    static final byte PLACED = 2;
    /** A batch's producer id, epoch, partition and base sequence, before it goes on the wire. */
    static final byte STAMPED = 3;
    /** The records of an acknowledged batch. */
    static final byte ACKED = 4;
    /** Records whose send failed for good. */
    static final byte FAILED = 5;
    /** The producer identity and per-partition next sequences at the start of a segment. */
    static final byte SEQUENCES = 6;

    private EntryType() {}

    static String name(byte type) {
        return switch (type) {
            case RECORD -> "RECORD";
            case PLACED -> "PLACED";
            case STAMPED -> "STAMPED";
            case ACKED -> "ACKED";
            case FAILED -> "FAILED";
            case SEQUENCES -> "SEQUENCES";
            default -> "unknown type " + type;
        };
    }
}
