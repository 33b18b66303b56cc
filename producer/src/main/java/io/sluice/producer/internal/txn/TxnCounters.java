package io.sluice.producer.internal.txn;

import java.util.Map;

/**
 * How many requests of each transactional kind were sent, for {@code SluiceProducer.metrics()}: shows on the wire
 * which transaction protocol ran (v1 sends AddPartitionsToTxn, v2 does not). Written by the I/O thread only.
 */
final class TxnCounters {
    volatile long findCoordinator;
    volatile long initProducerId;
    volatile long addPartitions;
    volatile long addOffsets;
    volatile long txnOffsetCommit;
    volatile long endTxn;

    void into(Map<String, Number> m) {
        m.put("txn-find-coordinator-requests", findCoordinator);
        m.put("txn-init-producer-id-requests", initProducerId);
        m.put("txn-add-partitions-requests", addPartitions);
        m.put("txn-add-offsets-requests", addOffsets);
        m.put("txn-offset-commit-requests", txnOffsetCommit);
        m.put("txn-end-requests", endTxn);
    }
}
