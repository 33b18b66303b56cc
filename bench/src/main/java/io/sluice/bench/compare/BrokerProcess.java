package io.sluice.bench.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BrokerMain} process seen from the comparison: started with its own heap, asked to create and delete
 * topics over its stdin, and stopped by closing that stdin. Not thread-safe; the comparison drives it from one
 * thread.
 */
final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final String bootstrap;
    private final String tlsBootstrap;

    private BrokerProcess(Process process, boolean tls) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.bootstrap = readPrefixed(BrokerMain.BOOTSTRAP);
        this.tlsBootstrap = tls ? readPrefixed(BrokerMain.BOOTSTRAP_TLS) : null;
    }

    /**
     * Starts {@code brokers} brokers in one new JVM and waits until they serve; with {@code tls} (else null) they
     * also have a TLS listener with its broker key store.
     */
    static BrokerProcess start(String java, String classpath, int brokers, String heap, TlsSetup tls)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java, "-Xms" + heap, "-Xmx" + heap, "-cp", classpath));
        command.add(BrokerMain.class.getName());
        command.add(Integer.toString(brokers));
        if (tls != null) {
            command.add(tls.brokerKeystore().toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (tls != null) {
            builder.environment().put(TlsSetup.PASSWORD_ENV, tls.password());
        }
        Process p = builder.start();
        try {
            return new BrokerProcess(p, tls != null);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** {@code host:port,...} of the brokers. */
    String bootstrap() {
        return bootstrap;
    }

    /** {@code host:port,...} of the brokers' TLS listener; null when started without one. */
    String tlsBootstrap() {
        return tlsBootstrap;
    }

    /** The broker JVM's process id, for reading its CPU time. */
    long pid() {
        return process.pid();
    }

    /** Creates a topic and returns once every broker knows its leaders. */
    void createTopic(String topic, int partitions, int replicationFactor) throws IOException {
        command("create " + topic + " " + partitions + " " + replicationFactor);
    }

    /** Deletes a topic, so runs do not fill the disk. */
    void deleteTopic(String topic) throws IOException {
        command("delete " + topic);
    }

    /**
     * CPU milliseconds so far of every Java thread of the broker JVM, by name with digits folded to N (the
     * network threads of each listener apart from the request handlers, which {@code /proc} names cannot tell).
     */
    Map<String, Long> threadCpuMillis() throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        String list = command("threads").substring(2).trim();
        if (list.length() > 2) {
            for (String entry : list.substring(1, list.length() - 1).split(", ")) {
                int eq = entry.lastIndexOf('=');
                byName.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
            }
        }
        return byName;
    }

    /** Sends one command and returns its answer, which starts with "ok" or it throws. */
    private String command(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
        String answer = readPrefixed(BrokerMain.ANSWER);
        if (!answer.startsWith("ok")) {
            throw new IOException("broker answered '" + answer + "' to '" + line + "'");
        }
        return answer;
    }

    /** Reads stdout until a line with {@code prefix}, skipping anything else the broker JVM prints there. */
    private String readPrefixed(String prefix) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new IOException("broker process ended (exit " + exitCode() + ") before printing " + prefix.trim());
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Closes stdin so the broker shuts down cleanly; kills it if it has not within a minute. */
    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
