package io.sluice.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** Entry point of the {@code sluice} command. Exit codes: 0 success, 1 failure, 2 bad command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, new CountDownLatch(1)));
    }

    /**
     * Runs the command and returns its exit code; split from {@link #main} so tests can call it.
     *
     * @param stop counted down to stop a long-running command ({@code cluster}) as Ctrl-C would
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, CountDownLatch stop) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printUsage(out);
            return 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "perf" -> new PerfCommand(out, err).run(rest);
                case "produce" -> new ProduceCommand(in, out, err).run(rest);
                case "cluster" -> new ClusterCommand(out, err, stop).run(rest);
                case "partitions" -> new PartitionsCommand(out, err).run(rest);
                default -> throw new UsageException("unknown command '" + args[0] + "' (try 'sluice --help')");
            };
        } catch (UsageException e) {
            err.println("sluice: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("sluice: interrupted");
            return 1;
        } catch (Exception e) {
            err.println("sluice: " + e.getMessage());
            return 1;
        }
    }

    static void printUsage(PrintStream out) {
        out.println("Usage: sluice COMMAND [OPTIONS]");
        out.println();
        out.println("Commands:");
        out.println("  perf        producer performance test (embedded Kafka when no --bootstrap-server)");
        out.println("  produce     console producer: one record per line from stdin");
        out.println("  cluster     start an embedded Kafka cluster and print its address");
        out.println("  partitions  how many keys move when a topic grows, with the default and the consistent mapping");
        out.println();
        out.println("Run 'sluice COMMAND --help' for the options of a command.");
    }
}
