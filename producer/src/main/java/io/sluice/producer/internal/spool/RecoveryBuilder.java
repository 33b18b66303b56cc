package io.sluice.producer.internal.spool;

import io.sluice.producer.TopicPartition;
import io.sluice.protocol.record.Header;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays the entries of every segment, oldest first, into what is left to deliver. A record is outstanding from its
 * RECORD entry until an ACKED or FAILED entry names it; its partition is the last PLACED one, else its own; the
 * last STAMPED entry naming it puts it in that batch (a restamp or a split supersedes an earlier stamp).
 */
final class RecoveryBuilder implements SegmentScanner.Visitor {
    /** A record being recovered. */
    private static final class Pending {
        final long sequence;
        final String topic;
        int partition;
        final long timestamp;
        final byte[] key;
        final byte[] value;
        final Header[] headers;
        Stamp stamp;

        Pending(
                long sequence,
                String topic,
                int partition,
                long timestamp,
                byte[] key,
                byte[] value,
                Header[] headers) {
            this.sequence = sequence;
            this.topic = topic;
            this.partition = partition;
            this.timestamp = timestamp;
            this.key = key;
            this.value = value;
            this.headers = headers;
        }

        SpooledRecord toRecord() {
            return new SpooledRecord(sequence, topic, partition, timestamp, key, value, headers);
        }
    }

    private record Stamp(long producerId, short epoch, TopicPartition partition, int baseSequence) {}

    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private final SequenceBook sequences;
    private long nextSequence;
    private boolean segmentHasRecord;

    RecoveryBuilder(SequenceBook sequences) {
        this.sequences = sequences;
    }

    /** Called before each segment is scanned. */
    void startSegment(long base) {
        nextSequence = Math.max(nextSequence, base);
        segmentHasRecord = false;
    }

    @Override
    public void entry(byte type, EntryReader r, long offset) {
        switch (type) {
            case EntryType.RECORD -> record(r);
            case EntryType.PLACED -> {
                Pending p = pending.get(r.getLong());
                int partition = r.getInt();
                if (p != null) {
                    p.partition = partition;
                }
            }
            case EntryType.STAMPED -> stamped(r);
            case EntryType.ACKED, EntryType.FAILED -> {
                for (long g : r.getSequences()) {
                    pending.remove(g);
                }
            }
            case EntryType.SEQUENCES -> sequences.readBody(r);
            default -> throw new IllegalArgumentException(EntryType.name(type));
        }
        if (!r.atEnd()) {
            throw new EntryReader.MalformedEntryException("bytes left after the body");
        }
    }

    private void record(EntryReader r) {
        long g = r.getLong();
        int partition = r.getInt();
        long timestamp = r.getLong();
        String topic = r.getString();
        byte[] key = r.getNullableBytes();
        byte[] value = r.getNullableBytes();
        Header[] headers = r.getHeaders();
        if (g < nextSequence) {
            throw new IllegalArgumentException("record sequence " + g + " is not above the previous one");
        }
        pending.put(g, new Pending(g, topic, partition, timestamp, key, value, headers));
        nextSequence = g + 1;
        segmentHasRecord = true;
    }

    private void stamped(EntryReader r) {
        long producerId = r.getLong();
        short epoch = r.getShort();
        int partition = r.getInt();
        int baseSequence = r.getInt();
        TopicPartition tp = new TopicPartition(r.getString(), partition);
        long[] gs = r.getSequences();
        Stamp stamp = new Stamp(producerId, epoch, tp, baseSequence);
        for (long g : gs) {
            Pending p = pending.get(g);
            if (p != null) {
                p.stamp = stamp;
                p.partition = partition;
            }
        }
        sequences.stamped(tp, producerId, epoch, baseSequence, gs.length);
    }

    /** The sequence the next record takes. */
    long nextSequence() {
        return nextSequence;
    }

    /** Whether the segment scanned last holds a record. */
    boolean segmentHasRecord() {
        return segmentHasRecord;
    }

    boolean isOutstanding(long sequence) {
        return pending.containsKey(sequence);
    }

    /** What is left, grouped as {@link Recovered} describes. */
    Recovered result() {
        Map<TopicPartition, List<StampedBatch>> stamped = new LinkedHashMap<>();
        Map<TopicPartition, List<SpooledRecord>> unstamped = new HashMap<>();
        Map<Stamp, List<SpooledRecord>> batches = new LinkedHashMap<>();
        List<SpooledRecord> unplaced = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.stamp != null) {
                stamped.computeIfAbsent(p.stamp.partition(), k -> new ArrayList<>());
                batches.computeIfAbsent(p.stamp, k -> new ArrayList<>()).add(p.toRecord());
            } else if (p.partition >= 0) {
                TopicPartition tp = new TopicPartition(p.topic, p.partition);
                stamped.computeIfAbsent(tp, k -> new ArrayList<>());
                unstamped.computeIfAbsent(tp, k -> new ArrayList<>()).add(p.toRecord());
            } else {
                unplaced.add(p.toRecord());
            }
        }
        batches.forEach((stamp, records) -> stamped.get(stamp.partition())
                .add(new StampedBatch(stamp.producerId(), stamp.epoch(), stamp.baseSequence(), records)));
        List<PartitionBacklog> backlogs = new ArrayList<>();
        stamped.forEach(
                (tp, list) -> backlogs.add(new PartitionBacklog(tp, list, unstamped.getOrDefault(tp, List.of()))));
        return new Recovered(backlogs, unplaced, sequences.identity(), Map.copyOf(sequences.byPartition()));
    }
}
