package io.sluice.protocol.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Record sets for batch tests, and helpers to write them with our builder. */
final class TestRecords {
    private TestRecords() {}

    /** One record to append. */
    record Rec(long timestamp, byte[] key, byte[] value, Header[] headers) {}

    /** A named set of records. */
    record Scenario(String name, List<Rec> records, boolean compressible) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final long T0 = 1_732_000_000_000L;

    static List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>();
        all.add(new Scenario("one record", List.of(text(T0, "key", "value")), false));
        all.add(new Scenario(
                "null key, null value, empty value, empty key",
                List.of(
                        new Rec(T0, null, bytes("v"), null),
                        new Rec(T0 + 1, bytes("k"), null, null),
                        new Rec(T0 + 2, null, null, new Header[0]),
                        new Rec(T0 + 3, new byte[0], new byte[0], null)),
                false));
        all.add(new Scenario(
                "headers, including null and empty values, repeated and non-ASCII keys",
                List.of(
                        new Rec(T0, bytes("k"), bytes("v"), new Header[] {
                            new RecordHeader("trace", bytes("abc")),
                            new RecordHeader("null-value", null),
                            new RecordHeader("empty", new byte[0]),
                            new RecordHeader("trace", bytes("again")),
                            new RecordHeader("clé-ключ-鍵-\uD83D\uDE00", bytes("unicode"))
                        }),
                        new Rec(T0, null, null, new Header[] {new RecordHeader("", null)})),
                false));
        all.add(new Scenario("many compressible records", manyRecords(5_000, new Random(1), true), true));
        all.add(new Scenario("timestamps spread both ways", spreadTimestamps(), false));
        all.add(new Scenario("random bytes", manyRecords(300, new Random(2), false), false));
        all.add(new Scenario("large values over several codec blocks", largeValues(), true));
        return all;
    }

    private static List<Rec> manyRecords(int n, Random random, boolean compressible) {
        List<Rec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] key = i % 7 == 0 ? null : bytes("key-" + (i % 100));
            byte[] value;
            if (compressible) {
                value = bytes("{\"id\":" + i + ",\"name\":\"sluice\",\"payload\":\"" + "x".repeat(i % 50) + "\"}");
            } else {
                value = new byte[random.nextInt(200)];
                random.nextBytes(value);
            }
            Header[] headers = i % 3 == 0 ? new Header[] {new RecordHeader("h" + (i % 5), bytes("v" + i))} : null;
            out.add(new Rec(T0 + i, key, value, headers));
        }
        return out;
    }

    private static List<Rec> spreadTimestamps() {
        return List.of(
                text(T0, "a", "first"),
                text(T0 - 86_400_000L, "b", "a day earlier: negative delta"),
                text(T0 + 365L * 86_400_000L, "c", "a year later"),
                text(0L, "d", "epoch"),
                text(T0 + 1, "e", "just after"));
    }

    private static List<Rec> largeValues() {
        List<Rec> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            out.add(text(T0 + i, "big-" + i, ("block " + i + " ").repeat(6_000)));
        }
        return out;
    }

    static Rec text(long timestamp, String key, String value) {
        return new Rec(timestamp, bytes(key), bytes(value), null);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Exact uncompressed size of a batch holding {@code records}, summed from the per-record sizes. */
    static int batchSize(List<Rec> records) {
        RecordBatchBuilder probe = new RecordBatchBuilder(ByteBuffer.allocate(64 << 20), Compression.NONE, 0);
        for (Rec r : records) {
            probe.append(r.timestamp(), r.key(), r.value(), r.headers());
        }
        return probe.sizeInBytes();
    }

    /** Writes {@code records} as one sealed batch into a buffer of exactly their size. */
    static ByteBuffer write(
            List<Rec> records, Compression compression, long producerId, short epoch, int sequence, boolean txn) {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(batchSize(records)), compression, T0);
        for (Rec r : records) {
            builder.append(r.timestamp(), r.key(), r.value(), r.headers());
        }
        return builder.seal(producerId, epoch, sequence, txn);
    }
}
