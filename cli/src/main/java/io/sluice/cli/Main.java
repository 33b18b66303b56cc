package io.sluice.cli;

import java.io.PrintStream;

/** Entry point of the {@code sluice} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns its exit code; split from {@link #main} so tests can call it. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            printUsage(out);
            return 0;
        }
        err.println("sluice: unknown command '" + args[0] + "' (try 'sluice --help')");
        return 2;
    }

    static void printUsage(PrintStream out) {
        out.println("Usage: sluice COMMAND [OPTIONS]");
        out.println();
        out.println("Commands:");
        out.println("  perf      producer performance test (embedded Kafka when no --bootstrap-server)");
        out.println("  produce   console producer: one record per line from stdin");
        out.println("  cluster   start an embedded Kafka cluster and print its address");
        out.println();
        out.println("Run 'sluice COMMAND --help' for the options of a command.");
    }
}
