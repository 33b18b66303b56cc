package io.sluice.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.internal.Deadline;
import io.sluice.testkit.internal.FreePorts;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** That no node process outlives its cluster or the JVM that started it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessLifecycleTest {

    @Test
    void cleanStopRestartAndCloseEndEveryProcessAndDeleteTheData() throws Exception {
        List<Long> pids = new ArrayList<>();
        Path root;
        int proxyPort;
        try (ProcessCluster kafka = ProcessCluster.builder().brokers(1).start()) {
            root = kafka.dataRoot();
            proxyPort = kafka.proxy(1).port();
            long first = kafka.pid(1);
            kafka.stopBroker(1);
            assertThat(kafka.isAlive(1)).isFalse();
            assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();

            kafka.restartBroker(1);
            System.out.println("broker restarted after a clean stop in "
                    + kafka.lastRestartDuration().toMillis() + " ms");
            assertThat(kafka.pid(1)).isNotEqualTo(first);
            pids.add(kafka.pid(1));
            pids.add(kafka.controllerPid());
            assertThat(Files.exists(root)).isTrue();
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("pid %d after close", pid)
                    .isFalse();
        }
        assertThat(Files.exists(root)).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", proxyPort).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aNodeHaltsWhenTheJvmThatStartedItDies(@TempDir Path dir) throws Exception {
        Process parent = new ProcessBuilder("sleep", "120").start();
        try {
            Path dataDir = dir.resolve("data");
            Path config = dir.resolve("server.properties");
            // A broker whose controller never answers: it would wait for it forever.
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "process.roles=broker",
                            "node.id=7",
                            "controller.quorum.voters=1000@127.0.0.1:" + FreePorts.fixed(),
                            "controller.listener.names=CONTROLLER",
                            "listeners=PLAINTEXT://127.0.0.1:0",
                            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                            "log.dirs=" + dataDir),
                    StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(NodeProcess.JVM_OPTIONS);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerProcessMain.class.getName()));
            command.addAll(List.of(
                    config.toString(), dir.resolve("ready").toString(), Long.toString(parent.pid()), "test-cluster"));
            Process node = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("node.log").toFile())
                    .start();
            try {
                Deadline.of(Duration.ofSeconds(60)).await("the node to format its storage", () -> {
                    assertThat(node.isAlive()).as("node alive").isTrue();
                    return Files.exists(dataDir.resolve("meta.properties"));
                });
                parent.destroyForcibly();
                assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(node.exitValue()).isEqualTo(3);
            } finally {
                node.destroyForcibly();
            }
        } finally {
            parent.destroyForcibly();
        }
    }
}
