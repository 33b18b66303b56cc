package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.partition.JumpHashPartitioner;
import io.sluice.producer.partition.KeyHashing;
import io.sluice.producer.serde.StringSerializer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice partitions}: its counts are checked against the two mappings computed here. */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class PartitionsCommandTest {
    private static String expectedLines(List<byte[]> keys, int from, int to) {
        int murmur = 0;
        int jump = 0;
        for (byte[] k : keys) {
            murmur += KeyHashing.partitionForKey(k, from) != KeyHashing.partitionForKey(k, to) ? 1 : 0;
            jump += JumpHashPartitioner.partitionForKey(k, from) != JumpHashPartitioner.partitionForKey(k, to) ? 1 : 0;
        }
        return murmur + " of " + keys.size() + " keys move|" + jump + " of " + keys.size() + " keys move";
    }

    private static void assertCounts(CommandsTest.Result r, List<byte[]> keys, int from, int to) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] expected = expectedLines(keys, from, to).split("\\|");
        assertThat(r.out()).contains(from + " -> " + to + " partitions, " + keys.size() + " distinct keys");
        assertThat(r.out()).containsSubsequence("default mapping", expected[0], "consistent mapping", expected[1]);
    }

    @Test
    void generatedKeysWhenThereIsNothingToReadFrom() {
        CommandsTest.Result r = CommandsTest.run("partitions", "--from", "4", "--to", "5");
        assertCounts(r, PartitionsCommand.generated(100_000), 4, 5);
        assertThat(r.out()).contains("100000 generated keys", "1 - 4/5 = 20.0% expected");
    }

    @Test
    void keysOfAFileCountOncePerDistinctKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.txt");
        List<String> lines = new ArrayList<>();
        List<byte[]> distinct = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lines.add("order-" + i);
            lines.add("order-" + i); // duplicates count once
            distinct.add(("order-" + i).getBytes(StandardCharsets.UTF_8));
        }
        Files.write(file, lines);
        CommandsTest.Result r = CommandsTest.run(
                "partitions", "--topic", "orders", "--from", "6", "--to", "9", "--keys", file.toString());
        assertCounts(r, distinct, 6, 9);
    }

    @Test
    void keysOfTheTopicsRecentRecordsAndItsPartitionCountFromTheCluster(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("grow");
        TopicAdmin.ensureTopic(kafka.bootstrapServers(), topic, 3, (short) 1, Duration.ofSeconds(30));
        List<byte[]> keys = new ArrayList<>();
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>(topic, "user-" + i, "v"));
                keys.add(("user-" + i).getBytes(StandardCharsets.UTF_8));
            }
            producer.send(new ProducerRecord<>(topic, null, "keyless records are not keys"));
            producer.flush();
        }
        CommandsTest.Result r = CommandsTest.run(
                "partitions", "--bootstrap-server", kafka.bootstrapServers(), "--topic", topic, "--to", "7");
        assertThat(r.out()).contains(topic + ": 3 -> 7 partitions");
        // The order keys are read in differs from the order sent; the counts do not depend on it.
        assertThat(r.out()).contains("300 distinct keys", "keys of the last 10000 records");
        String[] expected = expectedLines(keys, 3, 7).split("\\|");
        assertThat(r.out()).contains(expected[0], expected[1]);
    }

    @Test
    void refusesACountThatDoesNotGrow() {
        CommandsTest.Result r = CommandsTest.run("partitions", "--from", "8", "--to", "8");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--to must be above the current partition count (8)");
        assertThat(CommandsTest.run("partitions", "--to", "8").err()).contains("--topic is required");
    }
}
