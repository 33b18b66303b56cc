package io.sluice.testkit.process;

import io.sluice.testkit.internal.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Kafka node in its own JVM: its server properties, its data directory, its log file and the process while it
 * runs. Its ports are fixed in the properties, so a restart comes back at the same addresses with the same data.
 *
 * <p>The process writes stdout and stderr to {@code node-<id>.log} in the cluster's data root, appending across
 * restarts; a failed start quotes the end of it.
 */
final class NodeProcess {
    /** Small heap, serial GC, C1 only and class data sharing: a node starts in seconds on a busy machine. */
    static final List<String> JVM_OPTIONS = List.of(
            "-Xms32m",
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-XX:-UsePerfData",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");

    private static final int LOG_TAIL_LINES = 40;

    private final int id;
    private final Path dataDir;
    private final Path configFile;
    private final Path logFile;
    private final Path readyFile;
    private volatile Process process;
    private volatile boolean paused;

    NodeProcess(int id, Path root, Map<String, String> config) {
        this.id = id;
        this.dataDir = root.resolve("node-" + id);
        this.configFile = root.resolve("node-" + id + ".properties");
        this.logFile = root.resolve("node-" + id + ".log");
        this.readyFile = root.resolve("node-" + id + ".ready");
        Properties properties = new Properties();
        properties.putAll(config);
        properties.setProperty("log.dirs", dataDir.toString());
        try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            properties.store(writer, "node " + id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int id() {
        return id;
    }

    /** Alive and not paused. */
    boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive() && !paused;
    }

    boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    boolean isPaused() {
        return paused && isAlive();
    }

    long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException("node " + id + " has not been started");
        }
        return current.pid();
    }

    /** Starts the JVM without waiting for it to serve; {@link #awaitReady(Deadline)} waits. */
    void launch(String clusterId) {
        if (isAlive()) {
            throw new IllegalStateException("node " + id + " is already running as pid " + pid());
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerProcessMain.class.getName());
        command.add(configFile.toString());
        command.add(readyFile.toString());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(clusterId);
        try {
            Files.deleteIfExists(readyFile);
            paused = false;
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch node " + id, e);
        }
    }

    /**
     * Waits until the node wrote its ready file; throws, quoting its log, at once if the node died and otherwise when
     * the deadline passes.
     */
    void awaitReady(Deadline deadline) {
        Process current = process;
        while (!Files.exists(readyFile)) {
            if (!current.isAlive()) {
                throw new IllegalStateException("node " + id + " exited with status " + current.exitValue()
                        + " while starting; end of " + logFile + ":\n" + logTail());
            }
            if (deadline.passed()) {
                throw new IllegalStateException(
                        "node " + id + " did not serve within its deadline; end of " + logFile + ":\n" + logTail());
            }
            Deadline.pause();
        }
    }

    /** {@code kill -9}: the JVM ends at once, without flushing or deregistering; waits until it is gone. */
    void kill(Duration timeout) {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        awaitExit(current, timeout);
        paused = false;
    }

    /** SIGTERM: Kafka's controlled shutdown; escalates to {@link #kill} if the JVM is still there at the deadline. */
    void stop(Duration timeout) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        current.destroy();
        try {
            awaitExit(current, timeout);
        } catch (IllegalStateException slow) {
            kill(timeout);
        }
    }

    /** SIGSTOP: the JVM freezes, sockets stay open; returns once the kernel reports it stopped. */
    void pause() {
        signal("STOP");
        paused = true;
        Deadline.of(Duration.ofSeconds(10)).await("node " + id + " to be stopped", () -> "T".equals(state()));
    }

    /** SIGCONT: the JVM runs on; returns once the kernel reports it no longer stopped. */
    void resume() {
        signal("CONT");
        paused = false;
        Deadline.of(Duration.ofSeconds(10)).await("node " + id + " to run again", () -> !"T".equals(state()));
    }

    private void signal(String name) {
        long pid = pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + name + " to node " + id, e);
        }
    }

    /** The process state letter from {@code /proc/<pid>/stat} ("T" when stopped), or "?" where there is no /proc. */
    private String state() {
        Path stat = Path.of("/proc", Long.toString(pid()), "stat");
        if (!Files.exists(stat)) {
            return paused ? "T" : "?";
        }
        try {
            String line = Files.readString(stat, StandardCharsets.UTF_8);
            // "pid (command) S ...": the command may hold spaces and parentheses, the state follows the last ')'.
            return line.substring(line.lastIndexOf(')') + 2, line.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "?";
        }
    }

    private void awaitExit(Process current, Duration timeout) {
        try {
            current.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "node " + id + " (pid " + current.pid() + ") still running after " + timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for node " + id + " to exit", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for node " + id + " to exit", e);
        }
    }

    /** Ends the process at once if it is alive, never waiting long; for close and the shutdown hook. */
    void killQuietly() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            try {
                current.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Reported by the caller checking isAlive().
            }
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
