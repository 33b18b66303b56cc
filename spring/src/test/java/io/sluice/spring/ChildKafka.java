package io.sluice.spring;

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
 * testkit's single-node Kafka in a child JVM whose classpath (system property {@value #CLASSPATH_PROPERTY}) holds the
 * broker's own kafka-clients, for a test JVM that holds an older one. The child prints its bootstrap address and
 * stops when its standard input closes, so it ends with this JVM even after {@code kill -9}.
 */
final class ChildKafka {
    static final String CLASSPATH_PROPERTY = "sluice.spring.brokerClasspath";
    private static final String READY = "BOOTSTRAP=";

    private final Process process;
    private final TestKafka.Kafka kafka;

    private ChildKafka(Process process, TestKafka.Kafka kafka) {
        this.process = process;
        this.kafka = kafka;
    }

    static boolean isWanted() {
        String classpath = System.getProperty(CLASSPATH_PROPERTY);
        return classpath != null && !classpath.isBlank();
    }

    static ChildKafka start() {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty(CLASSPATH_PROPERTY),
                ChildKafka.class.getName());
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(READY)) {
                    return new ChildKafka(process, new TestKafka.Kafka(line.substring(READY.length())));
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

    TestKafka.Kafka kafka() {
        return kafka;
    }

    /** Closes the child's standard input, which stops it; kills it if it has not stopped within 30 s. */
    void close() {
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
