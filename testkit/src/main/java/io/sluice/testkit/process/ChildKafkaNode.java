package io.sluice.testkit.process;

import io.sluice.testkit.KafkaCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * testkit's single-node Kafka ({@link KafkaCluster#singleNode()}) in a child JVM, for a test JVM whose classpath holds
 * a kafka-clients older than the broker jars need (an adapter tested against kafka-clients 3.9, say). The child runs
 * with a classpath that has testkit and the broker's own kafka-clients, prints its bootstrap address, and stops when
 * its standard input closes, so it ends with the test JVM even after {@code kill -9}.
 *
 * <p>This class loads no Kafka class in the parent: only {@link #main} touches the broker.
 */
public final class ChildKafkaNode implements AutoCloseable {
    private static final String READY = "BOOTSTRAP=";

    private final Process process;
    private final String bootstrapServers;

    private ChildKafkaNode(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the child and returns once its broker serves.
     *
     * @param classpath the child's classpath: testkit and the Kafka broker jars with their own kafka-clients
     */
    public static ChildKafkaNode start(String classpath) {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                classpath,
                ChildKafkaNode.class.getName());
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(READY)) {
                    return new ChildKafkaNode(process, line.substring(READY.length()));
                }
            }
            throw new IllegalStateException("the child broker exited before it was ready, status " + process.waitFor());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The broker's {@code host:port}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Closes the child's standard input, which stops it; kills it if it has not stopped within 30 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyGone) {
            // The child has exited already.
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The child's entry point: starts the broker, prints where it is, runs until standard input ends. */
    public static void main(String[] args) throws IOException {
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            System.out.println(READY + cluster.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Nothing is sent: end of input means the parent closed it or died.
            }
        }
    }
}
