package io.sluice.producer.internal.spool;

import static io.sluice.producer.internal.spool.SpoolFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.TopicPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random appends, placements, stamps, acknowledgements and failures, cut by crashes (some of which also truncate the
 * last segment at a random byte): each recovery must give back exactly the outstanding records of some prefix of
 * the operations, grouped and ordered per partition, and with no truncation a prefix that holds every record whose
 * append returned.
 */
class SpoolRecoveryProperties {
    private static final int PARTITIONS = 3;
    private static final long[] NONE = {};

    /** One record as the model sees it. */
    private record Rec(long g, int partition, String value, String stamp) {}

    /** The model: outstanding records in sequence order, and each partition's next sequence. */
    private static final class State {
        final LinkedHashMap<Long, Rec> outstanding = new LinkedHashMap<>();
        final Map<Integer, Integer> nextSequence = new LinkedHashMap<>();

        State copy() {
            State s = new State();
            s.outstanding.putAll(outstanding);
            s.nextSequence.putAll(nextSequence);
            return s;
        }
    }

    /** An operation as applied to the model. */
    private interface Op {
        void apply(State s);

        /** The records this operation acknowledged or failed. */
        long[] done();
    }

    /** An operation with what it did, for a failure's message. */
    private record Described(String what, long[] done, java.util.function.Consumer<State> change) implements Op {
        @Override
        public void apply(State s) {
            change.accept(s);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    @Property(tries = 60)
    void recoveryGivesBackTheOutstandingRecordsOfAPrefixInPartitionOrder(
            @ForAll long seed, @ForAll @IntRange(min = 20, max = 400) int steps) throws Exception {
        Path dir = Files.createTempDirectory("spool-property");
        try {
            run(new Random(seed), steps, dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(Random random, int steps, Path dir) throws Exception {
        SpoolSettings settings = settings(dir, FsyncPolicy.NONE, 512 + random.nextInt(2048), 1L << 30);
        Spool spool = Spool.open(settings);
        State start = new State();
        State now = start.copy();
        List<Op> ops = new ArrayList<>();
        int lastAppend = -1;
        Path recoveredFile = null;
        long recoveredSize = 0;
        for (int step = 0; step < steps; step++) {
            int dice = random.nextInt(100);
            Op op;
            if (dice < 40) {
                int partition = random.nextInt(PARTITIONS + 1) - 1;
                String value = "v" + step + "-" + "x".repeat(random.nextInt(120));
                long g = append(spool, "t", partition, value);
                Rec rec = new Rec(g, partition, value, null);
                op = new Described("append " + g + " to " + partition, NONE, s -> s.outstanding.put(g, rec));
                lastAppend = ops.size();
            } else if (dice < 50) {
                op = place(random, spool, now);
            } else if (dice < 70) {
                op = stamp(random, spool, now);
            } else if (dice < 85) {
                op = ack(random, spool, now);
            } else if (dice < 92) {
                op = fail(random, spool, now);
            } else {
                spool.crash();
                boolean truncated = random.nextBoolean();
                if (truncated) {
                    // A crash tears only what was written since the last recovery, never bytes recovered already.
                    List<Path> files = segments(dir);
                    Path last = files.get(files.size() - 1);
                    long from = last.equals(recoveredFile) ? recoveredSize : 0;
                    truncate(last, from + (long) (random.nextDouble() * (Files.size(last) - from)));
                }
                spool = Spool.open(settings);
                List<Path> files = segments(dir);
                recoveredFile = files.get(files.size() - 1);
                recoveredSize = Files.size(recoveredFile);
                Recovered recovered = spool.recovered();
                int k = matchingPrefix(recovered, start, ops, !truncated);
                State all = replay(start, ops, ops.size());
                assertThat(k)
                        .as(() -> "a prefix of the operations matches what was recovered: " + view(recovered)
                                + ", after all of them: " + view(all) + ", operations " + ops + ", truncated "
                                + truncated)
                        .isNotNegative();
                if (!truncated) {
                    assertThat(k)
                            .as("every record whose append returned is recovered")
                            .isGreaterThan(lastAppend);
                }
                start = stateOf(recovered);
                now = start.copy();
                ops.clear();
                lastAppend = -1;
                continue;
            }
            if (op != null) {
                op.apply(now);
                ops.add(op);
            }
        }
        spool.close();
        try (Spool reopened = Spool.open(settings)) {
            assertThat(view(reopened.recovered())).as("after a clean close").isEqualTo(view(now));
        }
    }

    private static Op place(Random random, Spool spool, State now) {
        List<Rec> unplaced =
                now.outstanding.values().stream().filter(r -> r.partition() < 0).toList();
        if (unplaced.isEmpty()) {
            return null;
        }
        Rec r = unplaced.get(random.nextInt(unplaced.size()));
        int partition = random.nextInt(PARTITIONS);
        spool.placed(r.g(), partition);
        Rec placed = new Rec(r.g(), partition, r.value(), null);
        return new Described("place " + r.g() + " on " + partition, NONE, s -> s.outstanding.put(r.g(), placed));
    }

    /** Stamps the oldest unstamped records of a partition, as drain would. */
    private static Op stamp(Random random, Spool spool, State now) {
        int partition = random.nextInt(PARTITIONS);
        List<Rec> unstamped = now.outstanding.values().stream()
                .filter(r -> r.partition() == partition && r.stamp() == null)
                .limit(1 + random.nextInt(5))
                .toList();
        if (unstamped.isEmpty()) {
            return null;
        }
        long[] gs = unstamped.stream().mapToLong(Rec::g).toArray();
        int base = now.nextSequence.getOrDefault(partition, 0);
        spool.sync(spool.stamped(1L, (short) 0, new TopicPartition("t", partition), base, gs, gs.length));
        String stamp = "1/0/" + base;
        return new Described("stamp " + java.util.Arrays.toString(gs) + " " + stamp + " on " + partition, NONE, s -> {
            for (Rec r : unstamped) {
                s.outstanding.put(r.g(), new Rec(r.g(), r.partition(), r.value(), stamp));
            }
            s.nextSequence.put(partition, base + gs.length);
        });
    }

    /** Acknowledges the oldest stamped batch of a partition. */
    private static Op ack(Random random, Spool spool, State now) {
        int partition = random.nextInt(PARTITIONS);
        Rec first = now.outstanding.values().stream()
                .filter(r -> r.partition() == partition && r.stamp() != null)
                .findFirst()
                .orElse(null);
        if (first == null) {
            return null;
        }
        long[] gs = now.outstanding.values().stream()
                .filter(r -> r.partition() == partition && first.stamp().equals(r.stamp()))
                .mapToLong(Rec::g)
                .toArray();
        spool.acked(gs, gs.length);
        return new Described("ack " + java.util.Arrays.toString(gs), gs, s -> {
            for (long g : gs) {
                s.outstanding.remove(g);
            }
        });
    }

    private static Op fail(Random random, Spool spool, State now) {
        if (now.outstanding.isEmpty()) {
            return null;
        }
        List<Long> all = new ArrayList<>(now.outstanding.keySet());
        long g = all.get(random.nextInt(all.size()));
        spool.failed(new long[] {g}, 1);
        return new Described("fail " + g, new long[] {g}, s -> s.outstanding.remove(g));
    }

    private static State replay(State start, List<Op> ops, int k) {
        State s = start.copy();
        for (int i = 0; i < k; i++) {
            ops.get(i).apply(s);
        }
        return s;
    }

    /**
     * The largest k such that the first k operations explain what was recovered, or -1. Exactly, for a crash that
     * tore nothing written; a truncation also tears written markers, so then a record done by a later operation may
     * be missing too (its segment was deleted before the marker was torn away), and only each list's order is checked.
     */
    private static int matchingPrefix(Recovered recovered, State start, List<Op> ops, boolean exact) {
        List<String> actual = view(recovered);
        Map<Long, String> actualRecords = records(recovered);
        for (int k = ops.size(); k >= 0; k--) {
            State expected = replay(start, ops, k);
            if (exact ? view(expected).equals(actual) : explains(expected, actualRecords, ops.subList(k, ops.size()))) {
                return k;
            }
        }
        return -1;
    }

    private static boolean explains(State expected, Map<Long, String> actual, List<Op> later) {
        Map<Long, String> wanted = new LinkedHashMap<>();
        for (Rec r : expected.outstanding.values()) {
            wanted.put(r.g(), describe(r.partition(), r.stamp(), r.value()));
        }
        java.util.Set<Long> doneLater = new java.util.HashSet<>();
        for (Op op : later) {
            for (long g : op.done()) {
                doneLater.add(g);
            }
        }
        for (Map.Entry<Long, String> e : actual.entrySet()) {
            if (!e.getValue().equals(wanted.get(e.getKey()))) {
                return false;
            }
        }
        for (Long g : wanted.keySet()) {
            if (!actual.containsKey(g) && !doneLater.contains(g)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(int partition, String stamp, String value) {
        return partition + "|" + stamp + "|" + value;
    }

    /** Every recovered record by sequence, after checking each list is in sequence order. */
    private static Map<Long, String> records(Recovered recovered) {
        Map<Long, String> all = new LinkedHashMap<>();
        for (PartitionBacklog b : recovered.partitions()) {
            for (StampedBatch batch : b.stamped()) {
                String stamp = batch.producerId() + "/" + batch.epoch() + "/" + batch.baseSequence();
                assertInOrder(batch.records());
                batch.records().forEach(r -> all.put(r.sequence(), describe(r.partition(), stamp, value(r))));
            }
            assertInOrder(b.unstamped());
            b.unstamped().forEach(r -> all.put(r.sequence(), describe(r.partition(), null, value(r))));
        }
        assertInOrder(recovered.unplaced());
        recovered.unplaced().forEach(r -> all.put(r.sequence(), describe(-1, null, value(r))));
        return all;
    }

    private static void assertInOrder(List<SpooledRecord> records) {
        assertThat(records).extracting(SpooledRecord::sequence).isSorted();
    }

    /** The model of what a spool recovered, to carry on from. */
    private static State stateOf(Recovered recovered) {
        State s = new State();
        List<Rec> all = new ArrayList<>();
        for (PartitionBacklog b : recovered.partitions()) {
            for (StampedBatch batch : b.stamped()) {
                String stamp = batch.producerId() + "/" + batch.epoch() + "/" + batch.baseSequence();
                batch.records().forEach(r -> all.add(new Rec(r.sequence(), r.partition(), value(r), stamp)));
            }
            b.unstamped().forEach(r -> all.add(new Rec(r.sequence(), r.partition(), value(r), null)));
        }
        recovered.unplaced().forEach(r -> all.add(new Rec(r.sequence(), -1, value(r), null)));
        all.sort(java.util.Comparator.comparingLong(Rec::g));
        all.forEach(r -> s.outstanding.put(r.g(), r));
        recovered.sequences().forEach((tp, seq) -> s.nextSequence.put(tp.partition(), seq.nextSequence()));
        return s;
    }

    /** The recovered records in a comparable form: per partition, stamped batches, then unstamped; then unplaced. */
    private static List<String> view(Recovered recovered) {
        List<String> lines = new ArrayList<>();
        for (PartitionBacklog b : recovered.partitions()) {
            for (StampedBatch batch : b.stamped()) {
                lines.add(b.partition().partition() + " stamped " + batch.producerId() + "/" + batch.epoch() + "/"
                        + batch.baseSequence() + " " + values(batch.records()));
            }
            if (!b.unstamped().isEmpty()) {
                lines.add(b.partition().partition() + " unstamped " + values(b.unstamped()));
            }
        }
        lines.add("unplaced " + values(recovered.unplaced()));
        return lines;
    }

    private static List<String> values(List<SpooledRecord> records) {
        return records.stream().map(r -> r.sequence() + "=" + value(r)).toList();
    }

    private static List<String> view(State state) {
        Map<Integer, Map<String, List<String>>> stamped = new LinkedHashMap<>();
        Map<Integer, List<String>> unstamped = new LinkedHashMap<>();
        List<String> unplaced = new ArrayList<>();
        for (Rec r : state.outstanding.values()) {
            String v = r.g() + "=" + r.value();
            if (r.partition() < 0) {
                unplaced.add(v);
                continue;
            }
            stamped.computeIfAbsent(r.partition(), p -> new LinkedHashMap<>());
            if (r.stamp() != null) {
                stamped.get(r.partition())
                        .computeIfAbsent(r.stamp(), x -> new ArrayList<>())
                        .add(v);
            } else {
                unstamped.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(v);
            }
        }
        List<String> lines = new ArrayList<>();
        stamped.forEach((p, batches) -> {
            batches.forEach((stamp, values) -> lines.add(p + " stamped " + stamp + " " + values));
            if (unstamped.containsKey(p)) {
                lines.add(p + " unstamped " + unstamped.get(p));
            }
        });
        lines.add("unplaced " + unplaced);
        return lines;
    }
}
