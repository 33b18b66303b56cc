package io.sluice.cli;

import io.sluice.testkit.KafkaCluster;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sluice cluster}: starts an embedded Apache Kafka cluster, prints its bootstrap address and keeps it
 * running until Ctrl-C, so people can point their own applications at it.
 */
final class ClusterCommand {
    static final String USAGE = """
            Usage: sluice cluster [--brokers 1|3]

            Starts an embedded Apache Kafka (KRaft) in a temporary directory, prints its bootstrap address
            and runs until Ctrl-C, then removes everything.

            Options:
              --brokers N   1 (one combined broker and controller, the default) or 3 (a controller and three brokers)
              --help        this text
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop;

    ClusterCommand(PrintStream out, PrintStream err, CountDownLatch stop) {
        this.out = out;
        this.err = err;
        this.stop = stop;
    }

    int run(String[] args) throws InterruptedException {
        Flags flags = Flags.parse(args, Set.of("brokers"), Set.of(), Set.of("help"));
        if (flags.has("help")) {
            out.print(USAGE);
            return 0;
        }
        int brokers = flags.getInt("brokers", 1);
        if (brokers != 1 && brokers != 3) {
            throw new UsageException("--brokers must be 1 or 3, got " + brokers);
        }
        err.println(
                "Starting an embedded Apache Kafka with " + brokers + (brokers == 1 ? " broker..." : " brokers..."));
        KafkaCluster cluster = KafkaCluster.builder().brokers(brokers).start();
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    awaitQuietly(closed);
                },
                "sluice-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("bootstrap.servers=" + cluster.bootstrapServers());
            out.flush();
            err.println("Kafka is running. Press Ctrl-C to stop it.");
            stop.await();
        } finally {
            cluster.close();
            closed.countDown();
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
