package io.sluice.cli;

import io.sluice.producer.partition.JumpHashPartitioner;
import io.sluice.producer.partition.KeyHashing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code sluice partitions}: before adding partitions to a topic, shows how many keys would move to another partition
 * with the default mapping (murmur2, as Kafka's Java client) and with {@link JumpHashPartitioner}.
 *
 * <p>The sample is the keys of a file (one per line, as a {@code StringSerializer} would write them), else the keys
 * of the topic's most recent records (with {@code --bootstrap-server}), else generated keys {@code key-0},
 * {@code key-1}, ... Each distinct key counts once.
 */
final class PartitionsCommand {
    static final String USAGE = """
            Usage: sluice partitions --to N [--topic T] [--from M] [--keys FILE] [--bootstrap-server HOST:PORT]
                                     [--sample K]

            Shows how many keys would move to another partition when the topic grows to N partitions, with the
            default key mapping (murmur2, the one Kafka's Java client uses) and with the consistent one
            (io.sluice.producer.partition.JumpHashPartitioner).

            The keys come from --keys FILE (one key per line, UTF-8), else from the topic's most recent records
            (up to K keyed records, read with --bootstrap-server), else K generated keys key-0, key-1, ...
            The current partition count is --from, else the topic's count on the cluster.

            Options:
              --to N                  the partition count to grow to
              --topic T               the topic (needed to read its count or its records from the cluster)
              --from M                the current partition count (default: the topic's, from the cluster)
              --keys FILE             sample keys, one per line
              --bootstrap-server H:P  the cluster to read the topic's partition count and recent records from
              --sample K              records to read, or keys to generate (default 10000 read, 100000 generated)
              --help                  this text
            """;

    private final PrintStream out;
    private final PrintStream err;

    PartitionsCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) throws IOException {
        Flags flags = Flags.parse(
                args, Set.of("to", "topic", "from", "keys", "bootstrap-server", "sample"), Set.of(), Set.of("help"));
        if (flags.has("help")) {
            out.print(USAGE);
            return 0;
        }
        if (!flags.has("to")) {
            throw new UsageException("--to N is required (try 'sluice partitions --help')");
        }
        int to = flags.getInt("to", 0);
        String topic = flags.get("topic", null);
        String bootstrap = flags.get("bootstrap-server", null);
        if ((bootstrap != null || !flags.has("from")) && topic == null) {
            throw new UsageException("--topic is required to read the topic from the cluster (or give --from)");
        }
        if (bootstrap == null && !flags.has("from")) {
            throw new UsageException("give --from M, or --bootstrap-server to read the topic's partition count");
        }
        int from = flags.has("from") ? flags.getInt("from", 0) : partitionCount(bootstrap, topic);
        if (from < 1 || to <= from) {
            throw new UsageException("--to must be above the current partition count (" + from + "), got " + to);
        }
        Sample sample;
        if (flags.has("keys")) {
            Path file = Path.of(flags.get("keys", null));
            sample = new Sample(keysOfFile(file), "keys of " + file);
        } else if (bootstrap != null) {
            int records = flags.getInt("sample", 10_000);
            sample = new Sample(recentKeys(bootstrap, topic, records), "keys of the last " + records + " records");
        } else {
            int count = flags.getInt("sample", 100_000);
            sample = new Sample(generated(count), count + " generated keys (key-0 .. key-" + (count - 1) + ")");
        }
        report(topic, from, to, sample);
        return 0;
    }

    private record Sample(List<byte[]> keys, String source) {}

    private void report(String topic, int from, int to, Sample sample) {
        int keys = sample.keys().size();
        int murmur = 0;
        int jump = 0;
        for (byte[] k : sample.keys()) {
            murmur += KeyHashing.partitionForKey(k, from) != KeyHashing.partitionForKey(k, to) ? 1 : 0;
            jump += JumpHashPartitioner.partitionForKey(k, from) != JumpHashPartitioner.partitionForKey(k, to) ? 1 : 0;
        }
        out.printf(
                "%s: %d -> %d partitions, %d distinct keys (%s)%n",
                topic == null ? "topic" : topic, from, to, keys, sample.source());
        out.printf("default mapping (murmur2, as kafka-clients):   %s%n", share(murmur, keys));
        out.printf(
                "consistent mapping (JumpHashPartitioner):      %s; 1 - %d/%d = %.1f%% expected%n",
                share(jump, keys), from, to, 100.0 * (1 - (double) from / to));
        if (keys == 0) {
            err.println("sluice: the sample has no keys");
        }
    }

    private static String share(int moved, int keys) {
        return String.format("%d of %d keys move (%.1f%%)", moved, keys, keys == 0 ? 0.0 : 100.0 * moved / keys);
    }

    static List<byte[]> keysOfFile(Path file) throws IOException {
        Set<ByteBuffer> distinct = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                distinct.add(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return toArrays(distinct);
    }

    static List<byte[]> generated(int count) {
        List<byte[]> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(("key-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return keys;
    }

    private static List<byte[]> toArrays(Set<ByteBuffer> distinct) {
        List<byte[]> keys = new ArrayList<>(distinct.size());
        for (ByteBuffer b : distinct) {
            keys.add(b.array());
        }
        return keys;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static int partitionCount(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " not found on " + bootstrap);
            }
            return partitions.size();
        }
    }

    /** The distinct keys of about the last {@code records} records of the topic, spread over its partitions. */
    static List<byte[]> recentKeys(String bootstrap, String topic, int records) {
        Set<ByteBuffer> distinct = new LinkedHashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            long perPartition = Math.max(1, records / Math.max(1, partitions.size()));
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long start = Math.max(begins.get(tp), ends.get(tp) - perPartition);
                consumer.seek(tp, start);
                if (ends.get(tp) > start) {
                    remaining.put(tp, ends.get(tp));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null) {
                        distinct.add(ByteBuffer.wrap(r.key()));
                    }
                }
                remaining.keySet().removeIf(tp -> consumer.position(tp) >= remaining.get(tp));
            }
        }
        return toArrays(distinct);
    }
}
