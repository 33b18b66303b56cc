package io.sluice.producer.reliability;

import io.sluice.producer.Callback;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.RecordMetadata;
import io.sluice.testkit.StoredRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The checker of every reliability scenario: it numbers each record it hands out, remembers what the producer
 * reported for it, and compares that with what the brokers stored.
 *
 * <p>Each record's value is {@code key:seq:id}: {@code seq} counts the records of that key in send order and
 * {@code id} counts all records of the ledger. So a stored record names itself, whatever partition and offset it
 * landed at, and the checker needs no other bookkeeping to find losses, duplicates and reordering. Because ids are
 * handed out in send order, a load that sends from one thread can also be checked for order across keys: within a
 * partition, stored ids must rise ({@link Verdict#outOfPartitionOrder()}).
 *
 * <p>Invariant: a record's outcome is written once, by its callback; an id whose outcome is still {@link #PENDING}
 * after the producer closed is a record that silently vanished. {@link #next} is safe from several threads as long
 * as each key is sent from one thread only (otherwise "send order" of a key means nothing).
 */
final class DeliveryLedger {
    static final int PENDING = 0;
    static final int ACKED = 1;
    static final int FAILED = 2;

    private final int capacity;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicIntegerArray outcome;
    /** Where the broker said it wrote each acknowledged record; written before {@link #outcome} is set. */
    private final int[] ackedPartition;

    private final long[] ackedOffset;
    private final ConcurrentHashMap<String, AtomicInteger> nextSeq = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> failuresByType = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> firstFailureMessage = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> lastFailureMessage = new ConcurrentHashMap<>();
    private final LongAdder completions = new LongAdder();
    private final LongAdder secondCompletions = new LongAdder();

    DeliveryLedger(int capacity) {
        this.capacity = capacity;
        this.outcome = new AtomicIntegerArray(capacity);
        this.ackedPartition = new int[capacity];
        this.ackedOffset = new long[capacity];
    }

    /** One record ready to send with its callback. */
    record Tracked(int id, ProducerRecord<String, String> record, Callback callback) {}

    /** Whether another record fits. */
    boolean hasRoom() {
        return sent.get() < capacity;
    }

    /** Numbers the next record of {@code key} and returns it with the callback that reports its outcome here. */
    Tracked next(String topic, String key) {
        return next(topic, key, "");
    }

    /** Like {@link #next(String, String)} with {@code padding} appended to the value, to make records bigger. */
    Tracked next(String topic, String key, String padding) {
        int id = sent.getAndIncrement();
        if (id >= capacity) {
            throw new IllegalStateException("ledger full: " + capacity + " records");
        }
        int seq = nextSeq.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
        String value = key + ":" + seq + ":" + id + (padding.isEmpty() ? "" : ":" + padding);
        return new Tracked(id, new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
            complete(id, metadata, exception);
        });
    }

    private void complete(int id, RecordMetadata metadata, Exception exception) {
        completions.increment();
        if (exception == null) {
            ackedPartition[id] = metadata.partition();
            ackedOffset[id] = metadata.hasOffset() ? metadata.offset() : RecordMetadata.UNKNOWN_OFFSET;
        } else {
            String type = exception.getClass().getSimpleName();
            failuresByType.computeIfAbsent(type, t -> new LongAdder()).increment();
            firstFailureMessage.putIfAbsent(type, String.valueOf(exception.getMessage()));
            lastFailureMessage.put(type, String.valueOf(exception.getMessage()));
        }
        if (!outcome.compareAndSet(id, PENDING, exception == null ? ACKED : FAILED)) {
            secondCompletions.increment();
        }
    }

    int sent() {
        return sent.get();
    }

    /** Records whose callback has run so far. */
    long completed() {
        return completions.sum();
    }

    /** Records sent whose callback has not run yet. */
    long outstanding() {
        return sent.get() - completions.sum();
    }

    int count(int state) {
        int n = 0;
        int total = Math.min(sent.get(), capacity);
        for (int id = 0; id < total; id++) {
            if (outcome.get(id) == state) {
                n++;
            }
        }
        return n;
    }

    int outcome(int id) {
        return outcome.get(id);
    }

    /** Failed records by exception type, with the first and the last message of each type. */
    Map<String, String> failureSummary() {
        Map<String, String> summary = new TreeMap<>();
        failuresByType.forEach((type, count) -> {
            String first = firstFailureMessage.get(type);
            String last = lastFailureMessage.get(type);
            summary.put(type, count.sum() + " x, first: " + first + (last.equals(first) ? "" : "; last: " + last));
        });
        return summary;
    }

    /** Compares the ledger with what the brokers stored (ordered by partition, then offset). */
    Verdict check(List<StoredRecord> stored) {
        int total = sent.get();
        int[] copies = new int[total];
        Map<String, Integer> highestSeq = new HashMap<>();
        Map<Integer, Integer> highestIdInPartition = new HashMap<>();
        Verdict.Builder verdict = new Verdict.Builder();
        for (StoredRecord r : stored) {
            String[] parts =
                    r.valueString() == null ? new String[0] : r.valueString().split(":", 4);
            if (parts.length < 3) {
                verdict.foreign++;
                continue;
            }
            int id = Integer.parseInt(parts[2]);
            int seq = Integer.parseInt(parts[1]);
            String key = parts[0];
            if (id >= total || !key.equals(r.keyString())) {
                verdict.foreign++;
                continue;
            }
            if (++copies[id] > 1) {
                verdict.duplicated++;
                verdict.example("duplicate of " + r.valueString() + " at " + r.partition() + "@" + r.offset());
                continue;
            }
            Integer highest = highestSeq.get(key);
            if (highest != null && seq < highest) {
                verdict.reordered++;
                verdict.example("key " + key + " seq " + seq + " stored after seq " + highest + " at " + r.partition()
                        + "@" + r.offset());
            } else {
                highestSeq.put(key, seq);
            }
            Integer highestId = highestIdInPartition.get(r.partition());
            if (highestId != null && id < highestId) {
                verdict.outOfPartitionOrder++;
                verdict.example("record " + id + " stored after record " + highestId + " in partition " + r.partition()
                        + " at offset " + r.offset());
            } else {
                highestIdInPartition.put(r.partition(), id);
            }
            if (outcome.get(id) == ACKED
                    && ackedOffset[id] != RecordMetadata.UNKNOWN_OFFSET
                    && (ackedPartition[id] != r.partition() || ackedOffset[id] != r.offset())) {
                verdict.offsetMismatches++;
                verdict.example("record " + id + " acknowledged at " + ackedPartition[id] + "@" + ackedOffset[id]
                        + " but stored at " + r.partition() + "@" + r.offset());
            }
        }
        for (int id = 0; id < total; id++) {
            switch (outcome.get(id)) {
                case ACKED -> {
                    verdict.acked++;
                    if (copies[id] == 0) {
                        verdict.lost++;
                        verdict.example("acknowledged record " + id + " missing (acknowledged at " + ackedPartition[id]
                                + "@" + ackedOffset[id] + ")");
                    }
                }
                case FAILED -> {
                    verdict.failed++;
                    if (copies[id] > 0) {
                        verdict.failedButStored++;
                    }
                }
                default -> {
                    verdict.pending++;
                    verdict.example("record " + id + " never completed");
                }
            }
        }
        verdict.sent = total;
        verdict.stored = stored.size();
        verdict.secondCompletions = secondCompletions.sum();
        return verdict.build(failureSummary());
    }

    /**
     * What the checker found. {@code failedButStored} are records reported failed that the broker wrote anyway (a
     * timed-out request may have landed): allowed, and reported so the figure is visible. {@code
     * outOfPartitionOrder} counts stored records whose id is lower than an earlier stored record's of the same
     * partition: send order across keys, meaningful only when one thread sent every record.
     */
    record Verdict(
            int sent,
            int stored,
            int acked,
            int failed,
            int pending,
            int lost,
            int duplicated,
            int reordered,
            int outOfPartitionOrder,
            int offsetMismatches,
            int failedButStored,
            int foreign,
            long secondCompletions,
            List<String> examples,
            Map<String, String> failures) {

        /** One line for logs and assertion messages. */
        String summary() {
            return "sent=" + sent + " stored=" + stored + " acked=" + acked + " failed=" + failed + " pending="
                    + pending + " lost=" + lost + " duplicated=" + duplicated + " reordered=" + reordered
                    + " outOfPartitionOrder=" + outOfPartitionOrder + " offsetMismatches=" + offsetMismatches
                    + " failedButStored=" + failedButStored + " foreign="
                    + foreign + " secondCompletions=" + secondCompletions + " failures=" + failures + " examples="
                    + examples;
        }

        /** Mutable counts while checking. */
        static final class Builder {
            private static final int MAX_EXAMPLES = 10;
            int sent;
            int stored;
            int acked;
            int failed;
            int pending;
            int lost;
            int duplicated;
            int reordered;
            int outOfPartitionOrder;
            int offsetMismatches;
            int failedButStored;
            int foreign;
            long secondCompletions;
            private final List<String> examples = new ArrayList<>();

            void example(String text) {
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add(text);
                }
            }

            Verdict build(Map<String, String> failures) {
                return new Verdict(
                        sent,
                        stored,
                        acked,
                        failed,
                        pending,
                        lost,
                        duplicated,
                        reordered,
                        outOfPartitionOrder,
                        offsetMismatches,
                        failedButStored,
                        foreign,
                        secondCompletions,
                        List.copyOf(examples),
                        failures);
            }
        }
    }
}
