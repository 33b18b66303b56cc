package io.sluice.bench.compare;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one measured run of one client in its own JVM. A child process prints it as one line,
 * {@code RESULT key=value ...}, and the parent parses that line back.
 *
 * @param records records acknowledged in the measured phase
 * @param failed records that failed in the measured phase
 * @param warmupRecords records sent before the measured phase (see {@link Warmup})
 * @param recordsPerSec acknowledged records over the measured phase's wall time (first send to flush returning)
 * @param mbPerSec value bytes (MiB) per second over the same time
 * @param latencyAvgMs mean send-to-callback latency
 * @param latencyP50Ms median latency
 * @param latencyP99Ms 99th percentile latency
 * @param latencyP999Ms 99.9th percentile latency
 * @param latencyMaxMs highest latency
 * @param cpuMicrosPerRecord the producer process's CPU time (user + system, all threads) over the measured phase,
 *     per record
 * @param javaThreadsCpuMicrosPerRecord the part of it spent by Java threads (the application's and the client's),
 *     leaving out the collectors and the JIT compilers
 * @param jitCpuMicrosPerRecord the part spent by the JIT compiler threads: warm-up still going on, mostly
 * @param allocBytesPerRecord bytes allocated by all threads of the producer process over the measured phase, per
 *     record
 * @param peakRssMb the process's peak resident set size (VmHWM) in MiB at the end of the run
 * @param gcCount garbage collections during the measured phase
 * @param gcMillis time the collectors report for them
 */
record RunResult(
        long records,
        long failed,
        long warmupRecords,
        double recordsPerSec,
        double mbPerSec,
        double latencyAvgMs,
        double latencyP50Ms,
        double latencyP99Ms,
        double latencyP999Ms,
        double latencyMaxMs,
        double cpuMicrosPerRecord,
        double javaThreadsCpuMicrosPerRecord,
        double jitCpuMicrosPerRecord,
        double allocBytesPerRecord,
        double peakRssMb,
        long gcCount,
        long gcMillis) {

    /** Prefix of the line a child prints. */
    static final String PREFIX = "RESULT ";

    /** The figures the comparison summarises, by name, in display order. */
    Map<String, Double> figures() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("records_per_sec", recordsPerSec);
        m.put("mb_per_sec", mbPerSec);
        m.put("latency_avg_ms", latencyAvgMs);
        m.put("latency_p50_ms", latencyP50Ms);
        m.put("latency_p99_ms", latencyP99Ms);
        m.put("latency_p999_ms", latencyP999Ms);
        m.put("latency_max_ms", latencyMaxMs);
        m.put("cpu_us_per_record", cpuMicrosPerRecord);
        m.put("java_threads_cpu_us_per_record", javaThreadsCpuMicrosPerRecord);
        m.put("jit_cpu_us_per_record", jitCpuMicrosPerRecord);
        m.put("alloc_bytes_per_record", allocBytesPerRecord);
        m.put("peak_rss_mb", peakRssMb);
        m.put("gc_count", (double) gcCount);
        m.put("gc_ms", (double) gcMillis);
        return m;
    }

    /** The one-line form a child prints. */
    String toLine() {
        StringBuilder sb = new StringBuilder(PREFIX);
        sb.append("records=").append(records).append(" failed=").append(failed);
        sb.append(" warmup=").append(warmupRecords);
        figures().forEach((k, v) -> sb.append(' ').append(k).append('=').append(String.format(Locale.ROOT, "%.6f", v)));
        return sb.toString();
    }

    /** Parses a line printed by {@link #toLine()}. */
    static RunResult parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String word : line.substring(PREFIX.length()).trim().split("\\s+")) {
            int eq = word.indexOf('=');
            kv.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return new RunResult(
                Long.parseLong(kv.get("records")),
                Long.parseLong(kv.get("failed")),
                Long.parseLong(kv.getOrDefault("warmup", "0")),
                num(kv, "records_per_sec"),
                num(kv, "mb_per_sec"),
                num(kv, "latency_avg_ms"),
                num(kv, "latency_p50_ms"),
                num(kv, "latency_p99_ms"),
                num(kv, "latency_p999_ms"),
                num(kv, "latency_max_ms"),
                num(kv, "cpu_us_per_record"),
                num(kv, "java_threads_cpu_us_per_record"),
                num(kv, "jit_cpu_us_per_record"),
                num(kv, "alloc_bytes_per_record"),
                num(kv, "peak_rss_mb"),
                (long) num(kv, "gc_count"),
                (long) num(kv, "gc_ms"));
    }

    private static double num(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("result line lacks " + key);
        }
        return Double.parseDouble(v);
    }
}
