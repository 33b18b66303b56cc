package io.sluice.cli;

import io.sluice.producer.ProducerRecord;
import io.sluice.producer.RecordHeader;
import io.sluice.producer.RecordMetadata;
import io.sluice.producer.SluiceProducer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code sluice produce}: the console producer. One record per line of standard input, with the key and
 * header parsing of Kafka's {@code kafka-console-producer} ({@code --property parse.key=true} and friends).
 */
final class ProduceCommand {
    static final String USAGE = """
            Usage: sluice produce --topic NAME [OPTIONS] < lines

            Sends one record per line of standard input. With no --bootstrap-server an embedded single-node
            Apache Kafka is started for the duration of the command.

            Options:
              --topic NAME                  topic to produce to (required; created if missing)
              --bootstrap-server HOST:PORT  the cluster to use
              --property K=V ...            line parsing: parse.key, key.separator (tab), parse.headers,
                                            headers.delimiter (tab), headers.separator (,),
                                            headers.key.separator (:), null.marker, ignore.error
              --producer-props K=V ...      producer settings, Kafka names
              --producer.config FILE        producer settings from a properties file
              --partitions N                partitions when creating the topic (default 1)
              --replication-factor N        replication factor when creating the topic (default 1)
              --print-offsets               print partition:offset of each line once acknowledged
              --help                        this text
            """;

    private static final Set<String> SINGLE =
            Set.of("topic", "bootstrap-server", "producer.config", "partitions", "replication-factor");
    private static final Set<String> LISTS = Set.of("property", "producer-props");
    private static final Set<String> SWITCHES = Set.of("print-offsets", "help");

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    ProduceCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    int run(String[] args) throws Exception {
        Flags flags = Flags.parse(args, SINGLE, LISTS, SWITCHES);
        if (flags.has("help")) {
            out.print(USAGE);
            return 0;
        }
        String topic = flags.get("topic", null);
        if (topic == null) {
            throw new UsageException("--topic is required");
        }
        LineParser parser = new LineParser(ProducerSettings.parsePairs(flags.list("property")));
        int partitions = flags.getInt("partitions", 1);
        int rf = flags.getInt("replication-factor", 1);
        if (partitions < 1 || rf < 1 || rf > Short.MAX_VALUE) {
            throw new UsageException("--partitions and --replication-factor must be at least 1");
        }
        Map<String, Object> settings = ProducerSettings.from(flags);
        try (Target target = Target.open(settings, err)) {
            target.ensureTopic(topic, partitions, (short) rf);
            return produceLines(topic, parser, target.producerSettings(), flags.has("print-offsets"));
        }
    }

    private int produceLines(String topic, LineParser parser, Map<String, Object> settings, boolean printOffsets)
            throws Exception {
        settings.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        settings.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        Deque<CompletableFuture<RecordMetadata>> pending = new ArrayDeque<>();
        int failures = 0;
        try (SluiceProducer<byte[], byte[]> producer = new SluiceProducer<>(settings);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            long lineNumber = 0;
            while ((text = reader.readLine()) != null) {
                lineNumber++;
                LineParser.Line line;
                try {
                    line = parser.parse(text, lineNumber);
                } catch (IllegalArgumentException e) {
                    err.println("sluice produce: " + e.getMessage());
                    failures++;
                    continue;
                }
                List<RecordHeader> headers = new ArrayList<>(line.headers().size());
                for (LineParser.HeaderField h : line.headers()) {
                    headers.add(new RecordHeader(h.key(), h.value()));
                }
                pending.add(producer.send(new ProducerRecord<>(topic, null, line.key(), line.value(), headers)));
                failures += printCompleted(pending, printOffsets, false);
            }
            producer.flush();
            failures += printCompleted(pending, printOffsets, true);
        }
        return failures == 0 ? 0 : 1;
    }

    /** Reports acknowledged lines in input order; returns how many failed. */
    private int printCompleted(Deque<CompletableFuture<RecordMetadata>> pending, boolean printOffsets, boolean all)
            throws InterruptedException {
        int failed = 0;
        while (!pending.isEmpty() && (all || pending.peekFirst().isDone())) {
            CompletableFuture<RecordMetadata> f = pending.pollFirst();
            try {
                RecordMetadata md = f.get();
                if (printOffsets) {
                    out.println(md.partition() + ":" + md.offset());
                }
            } catch (ExecutionException e) {
                failed++;
                err.println("sluice produce: " + e.getCause().getMessage());
            }
        }
        return failed;
    }
}
