package io.sluice.bench.compare;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison's command line.
 *
 * @param configs the configurations to run, in order
 * @param clients the clients, in the order each round runs them
 * @param rounds counted rounds per configuration
 * @param warmupRounds rounds run first and not counted
 * @param heap -Xms and -Xmx of every producer JVM
 * @param brokerHeap heap of the broker JVM
 * @param jvmArgs extra arguments for every producer JVM (e.g. a JFR recording)
 * @param outDir where compare.json and compare.html go; null for target/compare-TIMESTAMP
 * @param java the java executable
 * @param classpath the classpath of the child JVMs
 * @param runTimeoutSeconds a run still going after this long is killed and counted as failed
 * @param printMetrics whether each run prints a few of its client's metrics (requests, batch sizes), its CPU by
 *     thread, how long its JVM ran and the broker's CPU by thread
 * @param baselineProducerJar a Sluice producer jar to run as client {@code baseline} in place of the built one,
 *     for before/after numbers of a producer change; null for the built one
 * @param baselineSettings producer settings added to client {@code baseline}'s runs only (e.g. {@code
 *     sluice.metrics.enabled=false} to measure what metrics cost)
 * @param help whether to print the usage and stop
 */
record Options(
        List<BenchConfig> configs,
        List<String> clients,
        int rounds,
        int warmupRounds,
        String heap,
        String brokerHeap,
        List<String> jvmArgs,
        Path outDir,
        String java,
        String classpath,
        long runTimeoutSeconds,
        boolean printMetrics,
        Path baselineProducerJar,
        Map<String, String> baselineSettings,
        boolean help) {

    static final String USAGE = """
            Usage: compare [--quick] [OPTIONS]

            Runs kafka-clients' producer and Sluice's against one broker JVM, each run in a fresh JVM,
            alternating clients round by round, and reports medians, spreads and Sluice/kafka-clients ratios.

              --quick                 three configurations of 500,000 records, 3 rounds (default: the full matrix)
              --configs A,B           only the configurations with these names; with --quick also
                                      defaults-tls (defaults over TLS: broker TLS listener, CA made for
                                      the run, hostname verification on), which --quick alone leaves out
              --rounds N              counted rounds per configuration (default 3 quick, 5 full)
              --warmup-rounds N       uncounted rounds first (default 1)
              --records N             records per measured run, overriding the configuration's
              --warmup-records N      records sent before measuring, in each JVM (default: the configuration's; a fifth of --records)
              --clients A,B,C         kafka, sluice, ceiling, in run order (default all three; the
                                      ceiling replays pre-encoded requests, unthrottled single-broker only);
                                      also sluice-kafka: Sluice through its kafka-clients adapter
              --heap SIZE             -Xms/-Xmx of each producer JVM (default 256m)
              --broker-heap SIZE      heap of the broker JVM (default 1g)
              --set KEY=VALUE         a producer setting added to every configuration; repeatable
              --jvm-arg ARG           an extra argument for each producer JVM; repeatable
              --out DIR               output directory (default target/compare-TIMESTAMP)
              --run-timeout SECONDS   kill a run that takes longer (default 600)
              --print-metrics         each run prints its client's request rate, batch size and queue time,
                                      the CPU of its threads, how long its JVM ran and the broker's CPU
                                      by thread meanwhile
              --baseline-producer-jar JAR
                                      also run client "baseline": Sluice with this producer jar instead of
                                      the built one, for before/after numbers of a producer change
              --baseline-set KEY=VALUE
                                      also run client "baseline" with this producer setting added to its
                                      runs only (e.g. sluice.metrics.enabled=false); repeatable
              --help                  this text
            """;

    /** Parses the command line; throws {@link IllegalArgumentException} with a message on a bad one. */
    static Options parse(String[] args) {
        boolean quick = false;
        boolean help = false;
        boolean printMetrics = false;
        List<String> only = null;
        Integer rounds = null;
        int warmupRounds = 1;
        Long records = null;
        Long warmupRecords = null;
        List<String> clients = List.of("kafka", "sluice", "ceiling");
        String heap = "256m";
        String brokerHeap = "1g";
        List<String> jvmArgs = new ArrayList<>();
        Map<String, String> extra = new LinkedHashMap<>();
        Path out = null;
        long timeout = 600;
        Path baseline = null;
        Map<String, String> baselineSettings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--help", "-h" -> help = true;
                case "--print-metrics" -> printMetrics = true;
                case "--configs" -> only = Arrays.asList(value(args, ++i, a).split(","));
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, a));
                case "--warmup-rounds" -> warmupRounds = Integer.parseInt(value(args, ++i, a));
                case "--records" -> records = Long.parseLong(value(args, ++i, a));
                case "--warmup-records" -> warmupRecords = Long.parseLong(value(args, ++i, a));
                case "--clients" -> clients = Arrays.asList(value(args, ++i, a).split(","));
                case "--heap" -> heap = value(args, ++i, a);
                case "--broker-heap" -> brokerHeap = value(args, ++i, a);
                case "--jvm-arg" -> jvmArgs.add(value(args, ++i, a));
                case "--set" -> keyValue(value(args, ++i, a), a, extra);
                case "--baseline-set" -> keyValue(value(args, ++i, a), a, baselineSettings);
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--run-timeout" -> timeout = Long.parseLong(value(args, ++i, a));
                case "--baseline-producer-jar" -> baseline = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        List<BenchConfig> configs = quick
                ? select(BenchConfig.quick(), BenchConfig.quickOnRequest(), only)
                : select(BenchConfig.full(), List.of(), only);
        if (records != null) {
            long r = records;
            long w = warmupRecords != null ? warmupRecords : r / 5;
            configs = configs.stream().map(c -> c.withRecords(r, w)).toList();
        } else if (warmupRecords != null) {
            long w = warmupRecords;
            configs = configs.stream().map(c -> c.withRecords(c.records(), w)).toList();
        }
        if (!extra.isEmpty()) {
            configs = configs.stream().map(c -> c.withSettings(extra)).toList();
        }
        for (String c : clients) {
            if (!List.of("kafka", "sluice", "sluice-kafka", "ceiling", "baseline")
                    .contains(c)) {
                throw new IllegalArgumentException(
                        "unknown client " + c + "; use kafka, sluice, sluice-kafka or ceiling");
            }
        }
        if ((baseline != null || !baselineSettings.isEmpty()) && !clients.contains("baseline")) {
            List<String> withBaseline = new ArrayList<>(clients);
            withBaseline.add(withBaseline.indexOf("sluice") + 1, "baseline");
            clients = withBaseline;
        }
        if (clients.contains("baseline") && baseline == null && baselineSettings.isEmpty()) {
            throw new IllegalArgumentException("client baseline needs --baseline-producer-jar or --baseline-set");
        }
        return new Options(
                configs,
                List.copyOf(clients),
                rounds != null ? rounds : (quick ? 3 : 5),
                warmupRounds,
                heap,
                brokerHeap,
                List.copyOf(jvmArgs),
                out,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                childClasspath(),
                timeout,
                printMetrics,
                baseline,
                Map.copyOf(baselineSettings),
                help);
    }

    private static void keyValue(String arg, String option, Map<String, String> into) {
        String[] kv = arg.split("=", 2);
        if (kv.length != 2) {
            throw new IllegalArgumentException(option + " needs key=value");
        }
        into.put(kv[0], kv[1]);
    }

    /** {@code names} from {@code standard} and {@code onRequest}, or all of {@code standard} without names. */
    private static List<BenchConfig> select(
            List<BenchConfig> standard, List<BenchConfig> onRequest, List<String> names) {
        if (names == null) {
            return standard;
        }
        List<BenchConfig> all = new ArrayList<>(standard);
        all.addAll(onRequest);
        List<BenchConfig> chosen = new ArrayList<>();
        for (String n : names) {
            chosen.add(all.stream()
                    .filter(c -> c.name().equals(n))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no configuration named " + n + "; have "
                            + all.stream().map(BenchConfig::name).toList())));
        }
        return chosen;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    /** The classpath for {@code client}'s JVM: the baseline swaps in its producer jar. */
    String classpathFor(String client) {
        if (!client.equals("baseline") || baselineProducerJar == null) {
            return classpath;
        }
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            boolean producer = Path.of(entry).getFileName().toString().startsWith("sluice-producer")
                    || entry.replace('\\', '/').endsWith("producer/target/classes");
            entries.add(producer ? baselineProducerJar.toString() : entry);
        }
        if (!entries.contains(baselineProducerJar.toString())) {
            throw new IllegalStateException("no Sluice producer on the classpath to replace: " + classpath);
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The classpath this JVM was given. Under surefire, whose own classpath may be a manifest-only jar, the test
     * classpath it publishes is used instead.
     */
    private static String childClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        return System.getProperty("java.class.path");
    }
}
