package io.sluice.producer.internal.idempotence;

import io.sluice.producer.internal.accumulate.ProducerBatch;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The idempotent producer's sequence numbers, one {@link Entry} per topic-partition, and the marks that say a
 * partition's sequence is broken and how it will be repaired.
 *
 * <p>Invariants, per partition:
 *
 * <ul>
 *   <li>Sequence numbers belong to one producer identity (id and epoch), the entry's. A batch is stamped with
 *       the entry's identity and {@code next}, which then moves past the batch.
 *   <li>{@code expected} is one past the last acknowledged sequence under that identity, or {@code -1} while the
 *       broker has acknowledged nothing (it then holds no state and takes any sequence).
 *   <li>Queued sealed batches are in sequence order, ahead of unsealed ones; a repair renumbers exactly those, and
 *       only when none of the partition's batches is on the wire ({@code onWire == 0}).
 * </ul>
 *
 * <p>I/O thread only.
 */
public final class PartitionSequences {
    /** What a broken partition needs once nothing of it is on the wire. */
    enum Repair {
        /** Nothing is broken. */
        NONE,
        /** Something is broken but the next answer may settle it: send stamped retries, hold new batches. */
        WATCH,
        /** Known gap: renumber the queued batches from {@code expected} under the same identity. */
        RESEQUENCE,
        /** The broker's view differs or is unknown: get a new identity and start the partition over at 0. */
        NEW_IDENTITY
    }

    /** The sequence state of one partition. */
    static final class Entry {
        final String topic;
        final int partition;
        long producerId = -1;
        short epoch = -1;
        int next;
        int expected = -1;
        /** Batches of this partition sent and not yet answered. */
        int onWire;
        /** A stamped batch failed for good without the broker saying it did not write it. */
        boolean fateUnknown;
        /** A stamped batch failed for good that the broker certainly did not write. */
        boolean knownGap;
        /** The broker refused the lowest outstanding batch: its sequence state differs from ours. */
        boolean needsNewIdentity;

        Entry(String topic, int partition) {
            this.topic = topic;
            this.partition = partition;
        }

        boolean broken() {
            return fateUnknown || knownGap || needsNewIdentity;
        }

        boolean owns(ProducerBatch batch) {
            return batch.producerId() == producerId && batch.producerEpoch() == epoch;
        }

        void clearMarks() {
            fateUnknown = false;
            knownGap = false;
            needsNewIdentity = false;
        }

        /** Starts over under a new identity: the broker holds no state for it on this partition. */
        void adopt(long newProducerId, short newEpoch) {
            producerId = newProducerId;
            epoch = newEpoch;
            next = 0;
            expected = -1;
            clearMarks();
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "(id=" + producerId + ", epoch=" + epoch + ", next=" + next
                    + ", expected=" + expected + ", onWire=" + onWire + ", unknown=" + fateUnknown + ", gap="
                    + knownGap + ", newIdentity=" + needsNewIdentity + ")";
        }
    }

    private final Map<String, Entry[]> entries = new HashMap<>();
    /** Partitions with a mark, in the order they broke; checked each step until repaired. */
    private final Set<Entry> broken = new LinkedHashSet<>();

    Entry entry(String topic, int partition) {
        Entry[] row = entries.get(topic);
        if (row == null || row.length <= partition) {
            Entry[] grown = new Entry[Math.max(partition + 1, row == null ? 0 : row.length * 2)];
            if (row != null) {
                System.arraycopy(row, 0, grown, 0, row.length);
            }
            row = grown;
            entries.put(topic, row);
        }
        Entry e = row[partition];
        if (e == null) {
            e = new Entry(topic, partition);
            row[partition] = e;
        }
        return e;
    }

    Entry entry(ProducerBatch batch) {
        return entry(batch.topic(), batch.partition());
    }

    /** Forgets every partition: a new identity starts all of them over at sequence 0. */
    void clear() {
        entries.clear();
        broken.clear();
    }

    void markBroken(Entry e) {
        broken.add(e);
    }

    void markRepaired(Entry e) {
        e.clearMarks();
        broken.remove(e);
    }

    /** The partitions with a mark; iterate over a copy when repairing. */
    Set<Entry> broken() {
        return broken;
    }

    /**
     * Decides what a broken partition needs now, given whether sealed batches of it are queued ({@code
     * queuedHead}, the lowest, or null).
     */
    static Repair decide(Entry e, ProducerBatch queuedHead) {
        if (!e.broken()) {
            return Repair.NONE;
        }
        if (e.onWire > 0) {
            return Repair.WATCH;
        }
        if (e.needsNewIdentity) {
            return Repair.NEW_IDENTITY;
        }
        if (e.fateUnknown) {
            if (queuedHead != null) {
                // Its answer tells: acknowledged means the unknown batches landed; refused means a new identity.
                return Repair.WATCH;
            }
            // Every batch stamped so far is settled; either later acknowledgements proved the unknown ones
            // landed, or they may be missing and only a new identity gets past the gap.
            return e.expected == e.next ? Repair.NONE : Repair.NEW_IDENTITY;
        }
        return Repair.RESEQUENCE;
    }

    /** Sequence order with wrap-around: whether {@code a} comes after {@code b}. */
    public static boolean isAfter(int a, int b) {
        int distance = a - b;
        return distance > 0 || (distance < 0 && b - a > Integer.MAX_VALUE / 2);
    }

    /** The sequence {@code count} records after {@code base}; sequences wrap after Integer.MAX_VALUE. */
    public static int advance(int base, int count) {
        long next = (long) base + count;
        return (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next);
    }
}
