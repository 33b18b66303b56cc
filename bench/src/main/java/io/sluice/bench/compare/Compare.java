package io.sluice.bench.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Side-by-side comparison of the Apache kafka-clients producer and Sluice's against the same broker with the same
 * settings.
 *
 * <p>The broker runs in a JVM of its own ({@link BrokerMain}). For each configuration, after warm-up rounds whose
 * results are shown but not counted, every round runs each client once, in the order given (A B A B ...), each
 * run in a fresh JVM with the same heap ({@link ProducerRun}) against a freshly created topic. A third "client",
 * the ceiling ({@link CeilingRun}), replays pre-encoded requests to show how much of the broker-bound limit each
 * client reaches. Per client and
 * configuration it reports the median and spread of every figure of {@link RunResult} and the ratio of the
 * medians, as a table on stdout, {@code compare.json} and {@code compare.html} in the output directory.
 *
 * <pre>
 * mvn -B -o -q -pl bench -am package -DskipTests
 * bench/compare --quick
 * </pre>
 *
 * See {@link Options#USAGE} for the flags.
 */
public final class Compare {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Options options;
    private final PrintStream out;
    private final Map<Integer, BrokerProcess> clusters = new HashMap<>();
    private final String tlsPassword;
    private TlsSetup tls;

    Compare(Options options, PrintStream out) {
        this(options, out, TlsSetup.randomPassword());
    }

    /** With the password the TLS stores get, if a configuration needs them; tests choose it to look for it. */
    Compare(Options options, PrintStream out, String tlsPassword) {
        this.options = options;
        this.out = out;
        this.tlsPassword = tlsPassword;
    }

    /** Runs the comparison the arguments describe; exits non-zero if a run failed. */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }
        Results results = new Compare(options, System.out).run(String.join(" ", args));
        System.exit(results.failures() == 0 ? 0 : 1);
    }

    /** Runs every configuration, writes the reports and returns the results. */
    Results run(String arguments) throws IOException, InterruptedException {
        Instant started = Instant.now();
        Path outDir =
                options.outDir() != null ? options.outDir() : Path.of("target", "compare-" + STAMP.format(started));
        Results results = new Results(arguments, started, options.clients());
        try {
            if (options.configs().stream().anyMatch(BenchConfig::tls)) {
                out.println("  making a CA, the broker's key store and the clients' trust store...");
                tls = TlsSetup.create(tlsPassword);
            }
            for (BenchConfig config : options.configs()) {
                out.printf(
                        "%n== %s: %s; %,d records x %d rounds (+%d warm-up)%n",
                        config.name(), config.describe(), config.records(), options.rounds(), options.warmupRounds());
                Results.ConfigResults cr = results.add(config);
                for (int round = -options.warmupRounds(); round < options.rounds(); round++) {
                    for (String client : options.clients()) {
                        if (applies(client, config)) {
                            runOnce(config, client, round, cr);
                        }
                    }
                }
                out.print(TextReport.config(cr));
                out.flush();
            }
        } finally {
            clusters.values().forEach(BrokerProcess::close);
            if (tls != null) {
                tls.close();
            }
        }
        results.finish(Instant.now());
        out.println();
        out.print(TextReport.overview(results));
        JsonReport.write(results, outDir.resolve("compare.json"));
        HtmlReport.write(results, outDir.resolve("compare.html"));
        out.println("wrote " + outDir.resolve("compare.json") + " and " + outDir.resolve("compare.html"));
        return results;
    }

    /** The ceiling replays at one broker as fast as it can: it means nothing for paced or replicated runs. */
    static boolean applies(String client, BenchConfig config) {
        return !client.equals("ceiling")
                || (config.throughput() < 0
                        && config.brokers() == 1
                        && !"0".equals(config.settings().get("acks")));
    }

    private void runOnce(BenchConfig config, String client, int round, Results.ConfigResults cr)
            throws IOException, InterruptedException {
        BrokerProcess broker = cluster(config.brokers());
        String topic = "bench-" + config.name() + "-" + client + "-r" + (round + options.warmupRounds());
        broker.createTopic(topic, config.partitions(), config.replicationFactor());
        Map<String, Long> brokerThreadsBefore = options.printMetrics() ? broker.threadCpuMillis() : Map.of();
        long brokerCpuBefore = ProcCpu.cpuNanos(broker.pid());
        long childStart = System.nanoTime();
        RunOutcome outcome = child(config, client, config.tls() ? broker.tlsBootstrap() : broker.bootstrap(), topic);
        long childNanos = System.nanoTime() - childStart;
        long brokerCpuAfter = ProcCpu.cpuNanos(broker.pid());
        if (options.printMetrics()) {
            out.printf(
                    "  %s JVM ran %.1f s; broker CPU ms by Java thread meanwhile %s%n",
                    client, childNanos / 1e9, busiest(ThreadCpu.growth(brokerThreadsBefore, broker.threadCpuMillis())));
        }
        broker.deleteTopic(topic);
        String label = round < 0 ? "warm-up" : "round " + (round + 1);
        if (outcome.result() == null) {
            out.printf("  %-8s %-7s FAILED: %s%n", label, client, outcome.error());
            if (round >= 0) {
                cr.fail(client, outcome.error());
            }
            return;
        }
        RunResult r = outcome.result();
        double brokerCpu = brokerCpuBefore < 0 || brokerCpuAfter < 0
                ? Double.NaN
                : (brokerCpuAfter - brokerCpuBefore) / 1e3 / (config.records() + r.warmupRecords());
        out.printf(
                "  %-8s %-7s %,12.0f rec/s %7.2f MB/s  p50 %8.2f ms  p99 %8.2f ms  cpu %6.2f us/rec"
                        + "  alloc %8.1f B/rec  rss %5.0f MiB%n",
                label,
                client,
                r.recordsPerSec(),
                r.mbPerSec(),
                r.latencyP50Ms(),
                r.latencyP99Ms(),
                r.cpuMicrosPerRecord(),
                r.allocBytesPerRecord(),
                r.peakRssMb());
        out.flush();
        if (round >= 0) {
            cr.add(client, r, brokerCpu);
        }
    }

    /** The entries worth printing: the threads that spent at least 10 ms. */
    private static Map<String, Long> busiest(Map<String, Long> byThread) {
        Map<String, Long> shown = new java.util.TreeMap<>();
        byThread.forEach((name, ms) -> {
            if (ms >= 10) {
                shown.put(name, ms);
            }
        });
        return shown;
    }

    private BrokerProcess cluster(int brokers) throws IOException {
        BrokerProcess p = clusters.get(brokers);
        if (p == null) {
            out.printf(
                    "  starting %d broker(s) in their own JVM%s...%n",
                    brokers, tls != null ? ", with a TLS listener" : "");
            p = BrokerProcess.start(options.java(), options.classpath(), brokers, options.brokerHeap(), tls);
            clusters.put(brokers, p);
        }
        return p;
    }

    private RunOutcome child(BenchConfig config, String client, String bootstrap, String topic)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(options.java());
        cmd.add("-Xms" + options.heap());
        cmd.add("-Xmx" + options.heap());
        cmd.addAll(options.jvmArgs());
        cmd.addAll(List.of("-cp", options.classpathFor(client), ProducerRun.class.getName()));
        cmd.addAll(List.of("--client", client, "--bootstrap", bootstrap, "--topic", topic));
        cmd.addAll(List.of("--records", Long.toString(config.records())));
        cmd.addAll(List.of("--warmup-records", Long.toString(config.warmupRecords())));
        cmd.addAll(List.of("--record-size", Integer.toString(config.recordSize())));
        cmd.addAll(List.of("--keys", Integer.toString(config.keys())));
        cmd.addAll(List.of("--partitions", Integer.toString(config.partitions())));
        cmd.addAll(List.of("--throughput", Long.toString(config.throughput())));
        config.settings().forEach((k, v) -> cmd.addAll(List.of("--prop", k + "=" + v)));
        if (client.equals("baseline")) {
            options.baselineSettings().forEach((k, v) -> cmd.addAll(List.of("--prop", k + "=" + v)));
        }
        if (options.printMetrics()) {
            cmd.addAll(List.of("--print-metrics", "true"));
        }
        if (config.tls()) {
            cmd.addAll(List.of("--truststore", tls.truststore().toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (config.tls()) {
            // Through the environment, not the command line, where anyone on the machine could read it.
            builder.environment().put(TlsSetup.PASSWORD_ENV, tls.password());
        }
        Process p = builder.start();
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = new Thread(() -> killAfterTimeout(p, timedOut), "compare-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        String resultLine = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith(RunResult.PREFIX)) {
                    resultLine = line;
                }
            }
        }
        p.waitFor();
        watchdog.interrupt();
        if (timedOut.get()) {
            return new RunOutcome(null, "killed after " + options.runTimeoutSeconds() + " s");
        }
        if (resultLine == null) {
            return new RunOutcome(null, "no result (exit " + p.exitValue() + ")");
        }
        RunResult result = RunResult.parse(resultLine);
        if (result.failed() > 0 || p.exitValue() != 0) {
            return new RunOutcome(null, result.failed() + " records failed (exit " + p.exitValue() + ")");
        }
        return new RunOutcome(result, null);
    }

    private void killAfterTimeout(Process p, AtomicBoolean timedOut) {
        try {
            if (!p.waitFor(options.runTimeoutSeconds(), TimeUnit.SECONDS)) {
                timedOut.set(true);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            // The run ended in time.
        }
    }

    /** A run's result, or why there is none. */
    private record RunOutcome(RunResult result, String error) {}
}
