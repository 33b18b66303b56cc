package io.sluice.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.kafka.Broker;
import io.sluice.kafka.CompatKafka;
import io.sluice.kafka.SluiceKafkaProducer;
import io.sluice.testkit.ChildClassPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Streams' {@code exactly_once_v2} on Sluice's producer: a word count whose committed output, per word, is
 * exactly the counts 1, 2, ..., n. A count repeated or skipped would mean an input record was counted twice or not
 * at all, as happens without exactly-once when a Streams process dies between writing and committing.
 */
@ExtendWith(CompatKafka.class)
@Timeout(300)
class ExactlyOnceWordCountTest {
    private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "epsilon");
    private static final Duration READ = Duration.ofSeconds(90);

    /** Kafka Streams 4.x needs kafka-clients 4.x; the build's kafka-clients 3 run leaves these tests out. */
    @BeforeAll
    static void needsKafkaClients4() {
        String version = System.getProperty("compat.expectedKafkaVersion", "4");
        Assumptions.assumeTrue(version.startsWith("4"), "Kafka Streams 4 does not run on kafka-clients " + version);
    }

    @Test
    void countsEveryWordExactlyOnce(Broker broker, @TempDir Path stateDir) {
        Topics t = Topics.create(broker, "eos");
        produceWords(broker, t.input, 0, 500);
        try (KafkaStreams streams = WordCountApp.start(broker.bootstrapServers(), t.app, t.input, t.output, stateDir)) {
            assertExactCounts(broker, t.output, 500);
            streams.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void countsEveryWordExactlyOnceAcrossAKillNineOfTheStreamsJvm(Broker broker, @TempDir Path stateDir)
            throws Exception {
        Topics t = Topics.create(broker, "eos-kill");
        produceWords(broker, t.input, 0, 3_000);
        Process first = startChild(broker, t, stateDir);
        try {
            // Kill it while it is mid-way: once some counts are committed, and more input is still unread.
            broker.read(t.output, "read_committed", 200, READ);
            produceWords(broker, t.input, 3_000, 1_000);
        } finally {
            first.destroyForcibly().waitFor();
        }
        produceWords(broker, t.input, 4_000, 1_000);
        Process second = startChild(broker, t, stateDir);
        try {
            assertExactCounts(broker, t.output, 5_000);
        } finally {
            second.destroyForcibly().waitFor();
        }
    }

    private static Process startChild(Broker broker, Topics t, Path stateDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(ChildClassPath.ofThisJvm());
        command.add(WordCountApp.class.getName());
        command.addAll(List.of(broker.bootstrapServers(), t.app, t.input, t.output, stateDir.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(stateDir.resolve("streams.log").toFile())
                .start();
    }

    /** Input word {@code i} is {@code WORDS[i % 5]}. */
    private static void produceWords(Broker broker, String topic, int from, int count) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        try (Producer<String, String> producer =
                new SluiceKafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, null, WORDS.get(i % WORDS.size())));
            }
        }
    }

    private static void assertExactCounts(Broker broker, String output, int totalWords) {
        int perWord = totalWords / WORDS.size();
        List<ConsumerRecord<byte[], byte[]>> records = broker.read(output, "read_committed", totalWords, READ);
        Map<String, List<Long>> counts = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            counts.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(ByteBuffer.wrap(r.value()).getLong());
        }
        assertThat(counts).containsOnlyKeys(WORDS);
        for (String word : WORDS) {
            List<Long> expected = new ArrayList<>();
            for (long c = 1; c <= perWord; c++) {
                expected.add(c);
            }
            assertThat(counts.get(word)).as("committed counts of %s", word).containsExactlyElementsOf(expected);
        }
    }

    /** The topics and application id of one run. */
    private record Topics(String app, String input, String output) {
        static Topics create(Broker broker, String prefix) {
            Topics t = new Topics(
                    Broker.uniqueTopic(prefix + "-app"),
                    Broker.uniqueTopic(prefix + "-in"),
                    Broker.uniqueTopic(prefix + "-out"));
            broker.createTopic(t.input, 2);
            broker.createTopic(t.output, 2);
            return t;
        }
    }
}
