package io.sluice.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of another process from {@code /proc/PID/stat}, for the broker's share of a run. */
final class ProcCpu {
    /** Linux reports utime and stime in clock ticks of 1/100 s on every platform this runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcCpu() {}

    /** User plus system CPU nanoseconds of {@code pid} so far, or -1 when unreadable. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name in parentheses may hold spaces; fields after it are space-separated.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the name: state(0) ppid(1) ... utime is field 14 of the file, index 11 here; stime index 12.
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
