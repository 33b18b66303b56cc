package io.sluice.cli;

import io.sluice.producer.Callback;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice perf}: the producer performance test, with the flags and the summary line of Kafka's
 * {@code kafka-producer-perf-test} so results compare by eye. Without a bootstrap server it runs against an
 * embedded single-node Kafka that lives only as long as the command.
 */
final class PerfCommand {
    static final String USAGE = """
            Usage: sluice perf [OPTIONS]

            Sends records as fast as allowed and reports throughput and latency (send to acknowledgement).
            With no --bootstrap-server (and no bootstrap.servers in the producer settings) an embedded
            single-node Apache Kafka is started in a temporary directory and removed at exit.

            Options:
              --topic NAME                  topic to produce to (default sluice-perf; created if missing)
              --num-records N               records to send (default 1000000)
              --record-size BYTES           size of each record's value (default 100)
              --payload-file FILE           take values from FILE instead, split by --payload-delimiter
              --payload-delimiter STR       delimiter of --payload-file (default \\n)
              --throughput N                records/s to aim for; -1 for unlimited (default -1)
              --bootstrap-server HOST:PORT  the cluster to use
              --producer-props K=V ...      producer settings, Kafka names (e.g. acks=1 linger.ms=0)
              --producer.config FILE        producer settings from a properties file
              --partitions N                partitions when creating the topic (default 6)
              --replication-factor N        replication factor when creating the topic (default 1)
              --transactional-id ID         run in transactions with this transactional.id (on by default
                                            when transactional.id is among the producer settings)
              --transaction-duration-ms MS  commit every MS and begin the next transaction (default 3000
                                            when transactions are on; giving it turns them on)
              --print-metrics               print the producer's metrics and per-stage latencies at the end
              --json                        print one JSON object with the results as the last line
              --report DIR                  write report.html and result.json into DIR
              --help                        this text
            """;

    private static final Set<String> SINGLE = Set.of(
            "topic",
            "num-records",
            "record-size",
            "payload-file",
            "payload-delimiter",
            "throughput",
            "bootstrap-server",
            "producer.config",
            "partitions",
            "replication-factor",
            "report",
            "transactional-id",
            "transaction-duration-ms");
    private static final Set<String> LISTS = Set.of("producer-props");
    private static final Set<String> SWITCHES = Set.of("print-metrics", "json", "help");

    private final PrintStream out;
    private final PrintStream err;

    PerfCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) throws Exception {
        Flags flags = Flags.parse(args, SINGLE, LISTS, SWITCHES);
        if (flags.has("help")) {
            out.print(USAGE);
            return 0;
        }
        PerfOptions options = PerfOptions.from(flags);
        Map<String, Object> settings = ProducerSettings.from(flags);
        PerfTransactions transactions = PerfTransactions.resolve(flags, settings);
        try (Target target = Target.open(settings, err)) {
            target.ensureTopic(options.topic(), options.partitions(), options.replicationFactor());
            return produce(options, transactions, target.producerSettings());
        }
    }

    private int produce(PerfOptions options, PerfTransactions transactions, Map<String, Object> settings)
            throws Exception {
        settings.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        settings.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        List<byte[]> payloads = options.payloads();
        boolean terminal = System.console() != null && !options.json();
        long start = System.nanoTime();
        PerfStats stats = new PerfStats(start);
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-perf-progress");
            t.setDaemon(true);
            return t;
        });
        ProgressPrinter progress =
                new ProgressPrinter(terminal ? out : err, stats, options.numRecords(), terminal, start);
        reporter.scheduleAtFixedRate(
                progress::tick, terminal ? 1 : 5, terminal ? 1 : 5, terminal ? TimeUnit.SECONDS : TimeUnit.SECONDS);
        Map<String, Number> metrics;
        String stages = "";
        Map<String, String> effective;
        long committedTransactions;
        PerfStats.Summary summary;
        try (SluiceProducer<byte[], byte[]> producer = new SluiceProducer<>(settings)) {
            effective = producer.config().effectiveValues();
            ThroughputThrottle throttle = new ThroughputThrottle(options.throughput(), start);
            TransactionCycle cycle = TransactionCycle.start(producer, transactions);
            Random random = new Random(42);
            for (long i = 0; i < options.numRecords(); i++) {
                cycle.maybeCommit();
                byte[] value = payloads.get(payloads.size() == 1 ? 0 : random.nextInt(payloads.size()));
                long sentAt = System.nanoTime();
                producer.send(new ProducerRecord<>(options.topic(), value), callback(stats, sentAt, value.length));
                throttle.pace(i + 1);
            }
            cycle.finish();
            committedTransactions = cycle.committed();
            summary = stats.finish(System.nanoTime());
            metrics = producer.metrics();
            if (options.printMetrics()) {
                // Every callback has run, so the callback stage covers every record.
                producer.flush();
                stages = StageTable.format(producer.kafkaMetrics());
            }
        } finally {
            reporter.shutdownNow();
        }
        progress.finish();
        String line = summaryLine(summary);
        out.println(line);
        reportErrors(stats);
        if (options.printMetrics()) {
            new TreeMap<>(metrics).forEach((k, v) -> out.printf(Locale.ROOT, "%-60s : %s%n", k, v));
            out.print(stages);
        }
        if (transactions != null) {
            out.println(committedTransactions + " transactions committed (transactional.id "
                    + transactions.transactionalId() + ", about " + transactions.durationMs() + " ms each).");
        }
        Map<String, Object> json = toJson(summary, effective);
        if (transactions != null) {
            json.put("transactions_committed", committedTransactions);
        }
        if (options.reportDir() != null) {
            writeReport(options.reportDir(), line, stats, json);
        }
        if (options.json()) {
            out.println(Json.write(json));
        }
        return summary.errors() == 0 ? 0 : 1;
    }

    private static Callback callback(PerfStats stats, long sentAtNanos, int bytes) {
        return (metadata, exception) -> {
            long now = System.nanoTime();
            if (exception == null) {
                stats.recordSuccess((now - sentAtNanos) / 1000, bytes, now);
            } else {
                stats.recordError(exception);
            }
        };
    }

    /** The final line, in the shape of Kafka's perf tool so the two compare by eye. */
    static String summaryLine(PerfStats.Summary s) {
        return String.format(
                Locale.ROOT,
                "%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency,"
                        + " %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.",
                s.records(),
                s.recordsPerSec(),
                s.mbPerSec(),
                s.avgLatencyMs(),
                s.maxLatencyMs(),
                (long) s.p50Ms(),
                (long) s.p95Ms(),
                (long) s.p99Ms(),
                (long) s.p999Ms());
    }

    private void reportErrors(PerfStats stats) {
        if (stats.errors() > 0) {
            err.println(stats.errors() + " records failed; the first errors:");
            for (String e : stats.firstErrors()) {
                err.println("  " + e);
            }
        }
    }

    static Map<String, Object> toJson(PerfStats.Summary s, Map<String, String> config) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("avg", s.avgLatencyMs());
        latency.put("p50", s.p50Ms());
        latency.put("p95", s.p95Ms());
        latency.put("p99", s.p99Ms());
        latency.put("p999", s.p999Ms());
        latency.put("max", s.maxLatencyMs());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("records", s.records());
        json.put("errors", s.errors());
        json.put("records_per_sec", s.recordsPerSec());
        json.put("mb_per_sec", s.mbPerSec());
        json.put("latency_ms", latency);
        json.put("config", config);
        return json;
    }

    private void writeReport(Path dir, String line, PerfStats stats, Map<String, Object> json) throws IOException {
        Files.createDirectories(dir);
        Path html = dir.resolve("report.html");
        Files.writeString(html, HtmlReport.render("sluice perf", line, stats.windows(), stats.percentileCurve()));
        Map<String, Object> full = new LinkedHashMap<>(json);
        List<Object> series = new ArrayList<>();
        for (PerfStats.Window w : stats.windows()) {
            series.add(
                    List.of(w.second(), w.records(), w.bytes(), w.avgLatencyMs(), w.p99LatencyMs(), w.maxLatencyMs()));
        }
        full.put("windows", series);
        Files.writeString(dir.resolve("result.json"), Json.write(full) + "\n", StandardCharsets.UTF_8);
        err.println("Report written to " + html.toAbsolutePath());
    }
}
