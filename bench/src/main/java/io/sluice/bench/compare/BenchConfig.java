package io.sluice.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration both clients run with: producer settings (Kafka names, identical for both), the record
 * shape, the topic and the pace.
 *
 * @param name short identifier, used in topic names and {@code --configs}
 * @param settings producer settings beyond bootstrap.servers and the serializers; empty means each client's
 *     defaults
 * @param records records in the measured phase
 * @param warmupRecords records sent and flushed before the measured phase, in the same JVM
 * @param recordSize value bytes per record
 * @param keys distinct keys, cycled; 0 for keyless records
 * @param partitions partitions of the topic
 * @param brokers brokers in the cluster (1, or 3 for replication)
 * @param replicationFactor replicas per partition
 * @param throughput records/s to pace sends at; -1 for as fast as the client takes them
 * @param tls whether the clients connect over TLS (to the broker's TLS listener, certificate checked against a CA
 *     made for the run, hostname verification on); the settings for it are added at run time, not kept here, so
 *     no secret reaches a report
 */
record BenchConfig(
        String name,
        Map<String, String> settings,
        long records,
        long warmupRecords,
        int recordSize,
        int keys,
        int partitions,
        int brokers,
        int replicationFactor,
        long throughput,
        boolean tls) {

    /** The quick subset: three configurations, 500,000 records each, a few minutes on two cores. */
    static List<BenchConfig> quick() {
        return List.of(
                unthrottled("defaults", Map.of(), 500_000),
                unthrottled("acks1-linger5-lz4", settings("1", 16384, 5, "lz4"), 500_000),
                paced("defaults-100k", 500_000, 100_000, 200_000));
    }

    /**
     * Quick-sized configurations that {@code --quick} runs only when named with {@code --configs}: {@code
     * defaults-tls}, the {@code defaults} configuration over TLS, which would take the quick run past five minutes
     * on two cores.
     */
    static List<BenchConfig> quickOnRequest() {
        return List.of(unthrottled("defaults", Map.of(), 500_000).overTls("defaults-tls"));
    }

    /** The whole matrix of the benchmark issue; for a quiet machine. */
    static List<BenchConfig> full() {
        List<BenchConfig> all = new ArrayList<>();
        all.add(unthrottled("defaults", Map.of(), 2_000_000));
        all.add(unthrottled("defaults", Map.of(), 2_000_000).overTls("defaults-tls"));
        for (String acks : List.of("1", "all")) {
            for (int batch : List.of(16384, 65536)) {
                for (int linger : List.of(0, 5)) {
                    for (String compression : List.of("none", "lz4")) {
                        String name = "acks" + acks + "-b" + batch / 1024 + "k-l" + linger + "-" + compression;
                        all.add(unthrottled(name, settings(acks, batch, linger, compression), 2_000_000));
                    }
                }
            }
        }
        all.add(paced("defaults-100k", 2_000_000, 100_000, 500_000));
        all.add(new BenchConfig("defaults-1KiB", Map.of(), 500_000, 200_000, 1024, 0, 6, 1, 1, -1, false));
        all.add(new BenchConfig("keyed-100p", Map.of(), 100_000, 100_000, 100, 10_000, 100, 1, 1, -1, false));
        all.addAll(allocationStrategies());
        all.add(new BenchConfig("rf3-acksall", Map.of("acks", "all"), 1_000_000, 500_000, 100, 0, 6, 3, 3, -1, false));
        return all;
    }

    /**
     * Many keyed partitions with each {@code buffer.memory.allocation.strategy}: with {@code full} every active
     * partition's open batch holds a whole {@code batch.size}, with {@code incremental} only what it holds. Run by
     * the full matrix, or alone with {@code --configs}.
     */
    static List<BenchConfig> allocationStrategies() {
        List<BenchConfig> all = new ArrayList<>();
        for (int partitions : List.of(100, 1000)) {
            for (String strategy : List.of("full", "incremental")) {
                all.add(new BenchConfig(
                        "keyed-" + partitions + "p-" + strategy,
                        Map.of("buffer.memory.allocation.strategy", strategy),
                        300_000,
                        100_000,
                        100,
                        10_000,
                        partitions,
                        1,
                        1,
                        -1,
                        false));
            }
        }
        return all;
    }

    /** A copy with other record counts for the measured phase and the warm-up. */
    BenchConfig withRecords(long newRecords, long newWarmup) {
        return new BenchConfig(
                name,
                settings,
                newRecords,
                newWarmup,
                recordSize,
                keys,
                partitions,
                brokers,
                replicationFactor,
                throughput,
                tls);
    }

    /** A copy with {@code extra} settings added to (and overriding) this configuration's. */
    BenchConfig withSettings(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(settings);
        merged.putAll(extra);
        return new BenchConfig(
                name,
                Map.copyOf(merged),
                records,
                warmupRecords,
                recordSize,
                keys,
                partitions,
                brokers,
                replicationFactor,
                throughput,
                tls);
    }

    /** A copy called {@code newName} whose clients connect over TLS. */
    BenchConfig overTls(String newName) {
        return new BenchConfig(
                newName,
                settings,
                records,
                warmupRecords,
                recordSize,
                keys,
                partitions,
                brokers,
                replicationFactor,
                throughput,
                true);
    }

    /**
     * The settings as reports show them: any that carries a secret (a password, a JAAS configuration, a PEM key)
     * as {@code [hidden]}, in case one was given with {@code --set}.
     */
    Map<String, String> displaySettings() {
        Map<String, String> shown = new LinkedHashMap<>();
        settings.forEach((k, v) -> shown.put(k, isSecret(k) ? TlsSetup.HIDDEN : v));
        return shown;
    }

    private static boolean isSecret(String key) {
        return key.endsWith(".password") || key.equals("sasl.jaas.config") || key.equals("ssl.keystore.key");
    }

    /** A one-line description for tables and charts. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(settings.isEmpty() ? "default settings" : displaySettings().toString());
        sb.append(", ").append(recordSize).append(" B");
        sb.append(keys > 0 ? ", " + keys + " keys" : ", no key");
        sb.append(", ").append(partitions).append(" partitions");
        if (brokers > 1) {
            sb.append(", ").append(brokers).append(" brokers RF ").append(replicationFactor);
        }
        sb.append(throughput > 0 ? ", paced at " + throughput + " records/s" : ", unthrottled");
        if (tls) {
            sb.append(", over TLS");
        }
        return sb.toString();
    }

    /**
     * Warm-up: at least 500,000 records, so the JIT compilers are mostly done before measuring (with 100,000 they
     * still took half the measured CPU on two cores).
     */
    private static BenchConfig unthrottled(String name, Map<String, String> settings, long records) {
        return new BenchConfig(name, settings, records, Math.max(500_000, records / 4), 100, 0, 6, 1, 1, -1, false);
    }

    private static BenchConfig paced(String name, long records, long perSecond, long warmup) {
        return new BenchConfig(name, Map.of(), records, warmup, 100, 0, 6, 1, 1, perSecond, false);
    }

    private static Map<String, String> settings(String acks, int batchSize, int lingerMs, String compression) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("acks", acks);
        m.put("batch.size", Integer.toString(batchSize));
        m.put("linger.ms", Integer.toString(lingerMs));
        m.put("compression.type", compression);
        return m;
    }
}
