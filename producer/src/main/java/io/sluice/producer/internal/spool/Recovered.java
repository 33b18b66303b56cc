package io.sluice.producer.internal.spool;

import io.sluice.producer.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * What {@link Spool#open} found to deliver: per partition the stamped batches and then the unstamped records, in
 * their original order; the records never placed on a partition, in send order; and the producer identity and
 * per-partition sequences the journal last recorded.
 *
 * @param partitions one backlog per partition that has records left, in the order their first record was sent
 * @param unplaced records journaled with partition -1 and never placed, in send order: partition them anew
 * @param identity the producer id and epoch of the last batch stamped ({@link SequenceState#nextSequence()} unused),
 *     or {@link SequenceState#NONE}
 * @param sequences per partition, the identity and next sequence of its last stamped batch
 */
public record Recovered(
        List<PartitionBacklog> partitions,
        List<SpooledRecord> unplaced,
        SequenceState identity,
        Map<TopicPartition, SequenceState> sequences) {
    /** An empty or new spool. */
    public static final Recovered NOTHING = new Recovered(List.of(), List.of(), SequenceState.NONE, Map.of());

    public Recovered {
        partitions = List.copyOf(partitions);
        unplaced = List.copyOf(unplaced);
        sequences = Map.copyOf(sequences);
    }

    /** Records left to deliver, in every backlog and unplaced. */
    public int recordCount() {
        int n = unplaced.size();
        for (PartitionBacklog p : partitions) {
            n += p.recordCount();
        }
        return n;
    }
}
