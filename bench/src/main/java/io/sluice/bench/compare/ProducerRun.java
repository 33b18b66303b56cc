package io.sluice.bench.compare;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One measured run of one client, in a JVM of its own: the child process {@link Compare} starts for every run.
 *
 * <pre>
 * ProducerRun --client kafka|sluice|ceiling --bootstrap HOST:PORT --topic T --records N --warmup-records W
 *             --record-size BYTES [--keys K] [--throughput RECORDS_PER_SEC] [--prop key=value]...
 *             [--partitions P] [--print-metrics true] [--truststore PKCS12_FILE]
 * </pre>
 *
 * <p>With {@code --truststore} the client connects over TLS (see {@link TlsSetup#clientSettings}); the trust
 * store's password comes from the environment variable {@link TlsSetup#PASSWORD_ENV}.
 *
 * <p>It warms up with at least {@code W} records, more while the JIT is still busy (see {@link Warmup}; class
 * loading, JIT, connections and metadata happen here), then
 * takes the process's CPU time, every thread's allocation counter and the collectors' counts, sends {@code N}
 * records, flushes, and takes them again: the figures cover the measured phase only. The {@code ceiling} client is
 * {@link CeilingRun}, pre-encoded requests replayed at the broker. It prints one
 * {@link RunResult} line, and exits non-zero if any record failed.
 */
public final class ProducerRun {
    private static final double MIB = 1024.0 * 1024.0;
    private static final long PACING_STEP_NANOS = 1_000_000;

    private ProducerRun() {}

    /** Runs one client as the arguments say and prints its {@link RunResult}. */
    public static void main(String[] args) throws Exception {
        // Both clients' start-up notes (e.g. idempotence turned off for acks=1) are noise in a comparison.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Map<String, String> flags = new HashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--prop")) {
                String[] kv = args[i + 1].split("=", 2);
                settings.put(kv[0], kv[1]);
            } else {
                flags.put(args[i].substring(2), args[i + 1]);
            }
        }
        settings.put("bootstrap.servers", flags.get("bootstrap"));
        if (flags.containsKey("truststore")) {
            settings.putAll(TlsSetup.clientSettings(flags.get("truststore"), System.getenv(TlsSetup.PASSWORD_ENV)));
        }
        long records = Long.parseLong(flags.get("records"));
        long warmup = Long.parseLong(flags.getOrDefault("warmup-records", "0"));
        int recordSize = Integer.parseInt(flags.getOrDefault("record-size", "100"));
        byte[][] keys = keys(Integer.parseInt(flags.getOrDefault("keys", "0")));
        long throughput = Long.parseLong(flags.getOrDefault("throughput", "-1"));
        byte[] value = new byte[recordSize];
        new java.util.Random(42).nextBytes(value);

        LatencyStats stats = new LatencyStats();
        RunResult result;
        if (flags.get("client").equals("ceiling")) {
            result = ceiling(settings, flags, stats, warmup, records, recordSize, value);
        } else {
            try (BenchClient client =
                    BenchClient.create(flags.get("client"), settings, flags.get("topic"), keys, value, stats)) {
                long warmedUp = Warmup.run(
                        (first, count) -> sendAll(client, first, count, throughput),
                        warmup,
                        flags.containsKey("print-metrics") ? System.err : null,
                        flags.get("client"));
                if (stats.failed() > 0) {
                    // Not counted in the result, which covers the measured phase; but a client that fails records
                    // while warming up is not healthy, and the comparison should say so.
                    System.err.println("  " + flags.get("client") + " warm-up: " + stats.failed()
                            + " records failed; first: " + stats.firstError());
                }
                stats.reset();
                Map<Long, Map.Entry<String, Long>> threadsBefore = ThreadCpu.snapshot();
                Map<Long, Map.Entry<String, Long>> kernelBefore = ThreadCpu.kernelSnapshot();
                Map<String, Long> javaBefore = ThreadCpu.javaThreads();
                result = measure(stats, recordSize, warmedUp, () -> sendAll(client, warmedUp, records, throughput));
                if (flags.containsKey("print-metrics")) {
                    System.err.println("  " + flags.get("client") + " metrics " + client.explainingMetrics());
                    System.err.println("  " + flags.get("client") + " CPU ms by thread "
                            + ThreadCpu.between(threadsBefore, ThreadCpu.snapshot()));
                    System.err.println("  " + flags.get("client") + " of it in the kernel "
                            + ThreadCpu.between(kernelBefore, ThreadCpu.kernelSnapshot()));
                    System.err.println("  " + flags.get("client") + " CPU ms by Java thread "
                            + ThreadCpu.growth(javaBefore, ThreadCpu.javaThreads()));
                }
            }
        }
        System.out.println(result.toLine());
        if (result.failed() > 0) {
            System.err.println("first failure: " + stats.firstError());
            System.exit(1);
        }
    }

    private static RunResult ceiling(
            Map<String, Object> settings,
            Map<String, String> flags,
            LatencyStats stats,
            long warmup,
            long records,
            int recordSize,
            byte[] value)
            throws IOException {
        int partitions = Integer.parseInt(flags.getOrDefault("partitions", "1"));
        CeilingRun run = CeilingRun.open(settings, flags.get("topic"), partitions, value);
        try {
            run.sendAll(warmup, stats);
            stats.reset();
            return measure(stats, recordSize, warmup, () -> run.sendAll(records, stats));
        } finally {
            run.close();
        }
    }

    /** The measured phase: sends its records and returns once all are acknowledged or failed. */
    @FunctionalInterface
    private interface SendPhase {
        void run() throws IOException;
    }

    /**
     * Runs {@code phase} between two snapshots of the process's CPU time, allocation counters and collector
     * counts, and turns the differences and the latencies recorded meanwhile into a result. Per-record figures
     * divide by the records acknowledged.
     */
    private static RunResult measure(LatencyStats stats, int recordSize, long warmedUp, SendPhase phase)
            throws IOException {
        ResourceSnapshot before = ResourceSnapshot.take();
        long start = System.nanoTime();
        phase.run();
        long end = System.nanoTime();
        ResourceSnapshot after = ResourceSnapshot.take();
        Histogram h = stats.histogram();
        long acked = stats.acknowledged();
        long perRecord = Math.max(1, acked + stats.failed());
        double seconds = (end - start) / 1e9;
        return new RunResult(
                acked,
                stats.failed(),
                warmedUp,
                acked / seconds,
                acked * (double) recordSize / MIB / seconds,
                h.getMean() / 1e6,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6,
                (after.cpuNanos() - before.cpuNanos()) / 1e3 / perRecord,
                (after.javaThreadsCpuNanos() - before.javaThreadsCpuNanos()) / 1e3 / perRecord,
                ThreadCpu.jitMillis(before.threads(), after.threads()) * 1e3 / perRecord,
                (double) after.allocatedSince(before) / perRecord,
                peakRssMb(),
                after.gcCount() - before.gcCount(),
                after.gcMillis() - before.gcMillis());
    }

    /**
     * Sends records {@code first .. first+count-1}, paced to {@code throughput} records/s when positive, then
     * flushes. Pacing parks the thread once it is a millisecond ahead of schedule (as Kafka's perf tool does, in
     * steps of whole milliseconds rather than per record, whose parking would cost more CPU than the clients) and
     * never when behind, so a slow client is not given a rest it did not earn.
     */
    private static void sendAll(BenchClient client, long first, long count, long throughput) {
        long start = System.nanoTime();
        double nanosPerRecord = throughput > 0 ? 1e9 / throughput : 0;
        for (long i = 0; i < count; i++) {
            long now = System.nanoTime();
            if (throughput > 0) {
                long due = start + (long) (i * nanosPerRecord);
                if (due - now > PACING_STEP_NANOS) {
                    LockSupport.parkNanos(due - now);
                    now = System.nanoTime();
                }
            }
            client.send(first + i, now);
        }
        client.flush();
    }

    private static byte[][] keys(int count) {
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = ("key-" + i).getBytes(StandardCharsets.UTF_8);
        }
        return keys;
    }

    /** VmHWM from /proc/self/status, in MiB; -1 where there is no /proc. */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU, allocation and GC counters of this process at one instant. */
    private record ResourceSnapshot(
            long cpuNanos,
            long javaThreadsCpuNanos,
            Map<Long, Map.Entry<String, Long>> threads,
            Map<Long, Long> allocatedByThread,
            long gcCount,
            long gcMillis) {
        static ResourceSnapshot take() {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] ids = threads.getAllThreadIds();
            long[] allocated = threads.getThreadAllocatedBytes(ids);
            long javaCpu = 0;
            for (long cpu : threads.getThreadCpuTime(ids)) {
                javaCpu += Math.max(0, cpu);
            }
            Map<Long, Long> byThread = new HashMap<>();
            for (int i = 0; i < ids.length; i++) {
                if (allocated[i] >= 0) {
                    byThread.put(ids[i], allocated[i]);
                }
            }
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new ResourceSnapshot(os.getProcessCpuTime(), javaCpu, ThreadCpu.snapshot(), byThread, count, millis);
        }

        /**
         * Bytes allocated since {@code earlier} by the threads alive now; threads born since count from zero.
         * A thread that ended in between is missed, which the producers' long-lived threads never do.
         */
        long allocatedSince(ResourceSnapshot earlier) {
            long sum = 0;
            for (Map.Entry<Long, Long> e : allocatedByThread.entrySet()) {
                sum += e.getValue() - earlier.allocatedByThread.getOrDefault(e.getKey(), 0L);
            }
            return sum;
        }
    }
}
