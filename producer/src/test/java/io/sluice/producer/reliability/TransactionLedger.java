package io.sluice.producer.reliability;

import io.sluice.producer.Callback;
import io.sluice.producer.ProducerRecord;
import io.sluice.testkit.StoredRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checker of the transactional scenario. It numbers transactions and the records in each, remembers how each
 * transaction ended for the caller (committed, aborted, or unknown when the producer could not say), and compares
 * that with what a {@code read_committed} consumer sees: every committed transaction whole, no record of an aborted
 * one, an unknown one all or nothing, nothing twice, and each key's records in send order.
 *
 * <p>A record's key is {@code k<n>} over {@link Scenarios#KEYS} keys; its value is {@code <transaction>:<index>}, so
 * a stored record names its transaction and place. Used by one sending thread; callbacks may complete from another.
 */
final class TransactionLedger {
    /** How a transaction ended, as far as the caller was told. */
    enum Fate {
        OPEN,
        COMMITTED,
        ABORTED,
        UNKNOWN
    }

    /** One transaction: its size is fixed when it begins. */
    static final class Txn {
        final int id;
        final int size;
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        volatile Fate fate = Fate.OPEN;

        Txn(int id, int size) {
            this.id = id;
            this.size = size;
        }
    }

    private final List<Txn> transactions = new ArrayList<>();
    private int records;

    /** Starts the ledger's next transaction of {@code size} records. */
    Txn begin(int size) {
        Txn txn = new Txn(transactions.size(), size);
        transactions.add(txn);
        return txn;
    }

    /** The {@code index}-th record of {@code txn}. */
    ProducerRecord<String, String> record(Txn txn, int index, String topic) {
        String key = "k" + (records++ % Scenarios.KEYS);
        return new ProducerRecord<>(topic, key, txn.id + ":" + index);
    }

    /** The callback counting a record's outcome into its transaction. */
    Callback callback(Txn txn) {
        return (metadata, exception) -> (exception == null ? txn.acked : txn.failed).incrementAndGet();
    }

    /** Records how {@code txn} ended. */
    void settle(Txn txn, Fate fate) {
        txn.fate = fate;
    }

    /** Compares the ledger with what a read_committed consumer read (ordered by partition, then offset). */
    Verdict check(List<StoredRecord> stored) {
        Verdict.Builder v = new Verdict.Builder();
        int[] visible = new int[transactions.size()];
        Map<String, Long> lastPlaceByKey = new HashMap<>();
        Map<Long, Boolean> seen = new HashMap<>();
        for (StoredRecord r : stored) {
            String[] parts =
                    r.valueString() == null ? new String[0] : r.valueString().split(":", 2);
            if (parts.length != 2 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+")) {
                v.foreign++;
                continue;
            }
            int txnId = Integer.parseInt(parts[0]);
            int index = Integer.parseInt(parts[1]);
            if (txnId >= transactions.size() || index >= transactions.get(txnId).size) {
                v.foreign++;
                continue;
            }
            long place = ((long) txnId << 20) | index;
            if (seen.put(place, Boolean.TRUE) != null) {
                v.duplicated++;
                v.example("duplicate of " + r.valueString() + " at " + r.partition() + "@" + r.offset());
                continue;
            }
            visible[txnId]++;
            Long last = lastPlaceByKey.put(r.keyString(), place);
            if (last != null && last > place) {
                v.reordered++;
                v.example("key " + r.keyString() + ": " + r.valueString() + " stored after " + (last >> 20) + ":"
                        + (last & 0xFFFFF));
            }
        }
        for (Txn txn : transactions) {
            v.sent += txn.size;
            int seenCount = visible[txn.id];
            switch (txn.fate) {
                case COMMITTED -> {
                    v.committed++;
                    v.committedRecords += txn.size;
                    if (seenCount < txn.size) {
                        v.lost += txn.size - seenCount;
                        v.example(
                                "committed transaction " + txn.id + ": " + seenCount + " of " + txn.size + " visible");
                    }
                    if (txn.failed.get() > 0) {
                        v.committedWithFailedSends++;
                        v.example("committed transaction " + txn.id + " had " + txn.failed.get() + " failed sends");
                    }
                }
                case ABORTED -> {
                    v.aborted++;
                    v.abortedRecords += txn.size;
                    if (seenCount > 0) {
                        v.abortedVisible += seenCount;
                        v.example("aborted transaction " + txn.id + ": " + seenCount + " records visible");
                    }
                }
                default -> {
                    v.unknown++;
                    if (seenCount != 0 && seenCount != txn.size) {
                        v.partial++;
                        v.example("transaction " + txn.id + " of unknown fate: " + seenCount + " of " + txn.size);
                    }
                }
            }
        }
        v.transactions = transactions.size();
        v.stored = stored.size();
        return v.build();
    }

    /** What the checker found. */
    record Verdict(
            int transactions,
            int committed,
            int aborted,
            int unknown,
            int sent,
            int stored,
            int committedRecords,
            int abortedRecords,
            int lost,
            int abortedVisible,
            int partial,
            int duplicated,
            int reordered,
            int foreign,
            int committedWithFailedSends,
            List<String> examples) {

        /** One line for logs and assertion messages. */
        String summary() {
            return "transactions=" + transactions + " committed=" + committed + " aborted=" + aborted + " unknown="
                    + unknown + " sent=" + sent + " stored=" + stored + " committedRecords=" + committedRecords
                    + " abortedRecords=" + abortedRecords + " lost=" + lost + " abortedVisible=" + abortedVisible
                    + " partial=" + partial + " duplicated=" + duplicated + " reordered=" + reordered + " foreign="
                    + foreign + " committedWithFailedSends=" + committedWithFailedSends + " examples=" + examples;
        }

        /** Mutable counts while checking. */
        static final class Builder {
            private static final int MAX_EXAMPLES = 10;
            int transactions;
            int committed;
            int aborted;
            int unknown;
            int sent;
            int stored;
            int committedRecords;
            int abortedRecords;
            int lost;
            int abortedVisible;
            int partial;
            int duplicated;
            int reordered;
            int foreign;
            int committedWithFailedSends;
            private final List<String> examples = new ArrayList<>();

            void example(String text) {
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add(text);
                }
            }

            Verdict build() {
                return new Verdict(
                        transactions,
                        committed,
                        aborted,
                        unknown,
                        sent,
                        stored,
                        committedRecords,
                        abortedRecords,
                        lost,
                        abortedVisible,
                        partial,
                        duplicated,
                        reordered,
                        foreign,
                        committedWithFailedSends,
                        List.copyOf(examples));
            }
        }
    }
}
