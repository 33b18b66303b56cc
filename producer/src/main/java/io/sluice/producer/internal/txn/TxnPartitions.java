package io.sluice.producer.internal.txn;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Transactions v1: which partitions the coordinator already counts in the current transaction, which wait to be
 * added (AddPartitionsToTxn) and which are being added. A partition's first batch drains only once it is added.
 *
 * <p>I/O thread only (drain runs there too). Bit sets per topic, so the drain-time check allocates nothing.
 */
final class TxnPartitions {
    private final Map<String, BitSet> added = new HashMap<>();
    private final Map<String, BitSet> wanted = new HashMap<>();
    private final Map<String, BitSet> adding = new HashMap<>();
    private boolean anyAdded;
    /** A partition became wanted since the sender last asked: AddPartitionsToTxn should go on the next step. */
    private boolean newlyWanted;

    /** Whether the partition is in the transaction; if not, it is noted to be added with the next request. */
    boolean addedOrWanted(String topic, int partition) {
        BitSet a = added.get(topic);
        if (a != null && a.get(partition)) {
            return true;
        }
        BitSet in = adding.get(topic);
        if (in == null || !in.get(partition)) {
            BitSet w = wanted.computeIfAbsent(topic, t -> new BitSet());
            newlyWanted |= !w.get(partition);
            w.set(partition);
        }
        return false;
    }

    boolean hasWanted() {
        return !wanted.isEmpty();
    }

    /**
     * Whether a partition became wanted since the last call; clears the mark. Partitions wanted again after a
     * failed request do not count: their retry waits for the backoff.
     */
    boolean takeNewlyWanted() {
        boolean n = newlyWanted;
        newlyWanted = false;
        return n;
    }

    boolean isAdding() {
        return !adding.isEmpty();
    }

    /** Whether the coordinator counts any partition in the transaction. */
    boolean anyAdded() {
        return anyAdded;
    }

    /** Moves the wanted partitions to "being added" and returns them by topic. */
    Map<String, List<Integer>> takeWanted() {
        Map<String, List<Integer>> request = new HashMap<>();
        for (Map.Entry<String, BitSet> e : wanted.entrySet()) {
            List<Integer> ps = new ArrayList<>();
            e.getValue().stream().forEach(ps::add);
            request.put(e.getKey(), ps);
            adding.computeIfAbsent(e.getKey(), t -> new BitSet()).or(e.getValue());
        }
        wanted.clear();
        return request;
    }

    /** The coordinator added every partition being added. */
    void addSucceeded() {
        for (Map.Entry<String, BitSet> e : adding.entrySet()) {
            added.computeIfAbsent(e.getKey(), t -> new BitSet()).or(e.getValue());
        }
        anyAdded |= !adding.isEmpty();
        adding.clear();
    }

    /** The request failed: the partitions are wanted again. */
    void addFailed() {
        for (Map.Entry<String, BitSet> e : adding.entrySet()) {
            wanted.computeIfAbsent(e.getKey(), t -> new BitSet()).or(e.getValue());
        }
        adding.clear();
    }

    /** The transaction ended: the next one starts empty. */
    void clear() {
        added.clear();
        wanted.clear();
        adding.clear();
        anyAdded = false;
        newlyWanted = false;
    }
}
