package io.sluice.bench.compare;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of every thread of this process (Java threads, collectors and compilers alike) from
 * {@code /proc/self/task}, so a run can say which thread its CPU per record went to. Linux only; empty elsewhere.
 */
final class ThreadCpu {
    private static final long MILLIS_PER_TICK = 10;

    private ThreadCpu() {}

    /** CPU milliseconds so far by thread id, with the thread's name. */
    static Map<Long, Map.Entry<String, Long>> snapshot() {
        return read(false);
    }

    /**
     * Like {@link #snapshot()}, counting only the time spent in the kernel (system calls, and on loopback the TCP
     * delivery to the broker's socket that the sending thread's system call performs).
     */
    static Map<Long, Map.Entry<String, Long>> kernelSnapshot() {
        return read(true);
    }

    private static Map<Long, Map.Entry<String, Long>> read(boolean kernelOnly) {
        Map<Long, Map.Entry<String, Long>> byTid = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path dir : dirs) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // Fields 14 and 15 of stat: utime and stime, in clock ticks.
                    long ticks = Long.parseLong(f[12]) + (kernelOnly ? 0 : Long.parseLong(f[11]));
                    long millis = ticks * MILLIS_PER_TICK;
                    byTid.put(Long.parseLong(dir.getFileName().toString()), Map.entry(name, millis));
                } catch (IOException | RuntimeException e) {
                    // The thread ended while we looked.
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return byTid;
    }

    /** CPU milliseconds the JIT compiler threads spent between two snapshots. */
    static long jitMillis(Map<Long, Map.Entry<String, Long>> before, Map<Long, Map.Entry<String, Long>> after) {
        long sum = 0;
        for (Map.Entry<String, Long> e : between(before, after).entrySet()) {
            if (e.getKey().contains("CompilerThre")) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** CPU milliseconds so far of every live Java thread, by full name (the kernel truncates names to 15 bytes). */
    static Map<String, Long> javaThreads() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byName = new TreeMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos > 0) {
                    byName.merge(info.getThreadName().replaceAll("\\d+", "N"), nanos / 1_000_000, Long::sum);
                }
            }
        }
        return byName;
    }

    /** The increase of each entry from {@code before} to {@code after}, dropping those that did not grow. */
    static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> grown = new TreeMap<>();
        after.forEach((name, now) -> {
            long spent = now - before.getOrDefault(name, 0L);
            if (spent > 0) {
                grown.put(name, spent);
            }
        });
        return grown;
    }

    /**
     * CPU milliseconds spent between two snapshots, by thread name with digits folded (so the eight "GC Thread#N"
     * add up), largest first in the map's iteration order of names.
     */
    static Map<String, Long> between(
            Map<Long, Map.Entry<String, Long>> before, Map<Long, Map.Entry<String, Long>> after) {
        Map<String, Long> byName = new TreeMap<>();
        after.forEach((tid, now) -> {
            Map.Entry<String, Long> then = before.get(tid);
            long spent = now.getValue() - (then == null ? 0 : then.getValue());
            if (spent > 0) {
                byName.merge(now.getKey().replaceAll("\\d+", "N"), spent, Long::sum);
            }
        });
        return byName;
    }
}
