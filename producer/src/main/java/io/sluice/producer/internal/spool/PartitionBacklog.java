package io.sluice.producer.internal.spool;

import io.sluice.producer.TopicPartition;
import java.util.List;

/**
 * What a crashed producer left for one partition, in its original order: first the batches it had stamped, to be
 * resent as they were, then the records it had not yet stamped.
 */
public record PartitionBacklog(TopicPartition partition, List<StampedBatch> stamped, List<SpooledRecord> unstamped) {
    public PartitionBacklog {
        stamped = List.copyOf(stamped);
        unstamped = List.copyOf(unstamped);
    }

    /** Records in this backlog, stamped and not. */
    public int recordCount() {
        int n = unstamped.size();
        for (StampedBatch b : stamped) {
            n += b.records().size();
        }
        return n;
    }
}
