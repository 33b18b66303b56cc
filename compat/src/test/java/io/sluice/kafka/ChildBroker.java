package io.sluice.kafka;

import io.sluice.testkit.KafkaCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka cluster in a child JVM, for test runs whose classpath holds an older kafka-clients than the
 * broker jars need. The child runs with the classpath in system property {@code compat.brokerClasspath} (the
 * module's ordinary test classpath), prints its bootstrap address, and stops when its standard input closes, so it
 * cannot outlive this JVM even after {@code kill -9}.
 */
final class ChildBroker implements AutoCloseable {
    static final String CLASSPATH_PROPERTY = "compat.brokerClasspath";
    private static final String READY = "BOOTSTRAP=";

    private final Process process;
    private final Broker broker;

    private ChildBroker(Process process, Broker broker) {
        this.process = process;
        this.broker = broker;
    }

    static boolean isWanted() {
        String cp = System.getProperty(CLASSPATH_PROPERTY);
        return cp != null && !cp.isBlank();
    }

    static ChildBroker start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty(CLASSPATH_PROPERTY));
        command.add(ChildBroker.class.getName());
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(READY)) {
                    return new ChildBroker(process, new Broker(line.substring(READY.length())));
                }
            }
            throw new IllegalStateException("The child broker exited before it was ready: " + process.waitFor());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Broker broker() {
        return broker;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // The child is gone already.
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

    /** The child's entry point: start the broker, say where it is, wait for the parent to go away. */
    public static void main(String[] args) throws Exception {
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            System.out.println(READY + cluster.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Nothing is sent; end of input means the parent closed us or died.
            }
        }
    }
}
