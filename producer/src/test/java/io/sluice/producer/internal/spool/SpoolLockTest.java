package io.sluice.producer.internal.spool;

import static io.sluice.producer.internal.spool.SpoolFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.ChildClassPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondOpenInTheSameProcessIsRefusedNamingTheDirectory() {
        try (Spool first = Spool.open(settings(dir))) {
            assertThatThrownBy(() -> Spool.open(settings(dir)))
                    .isInstanceOf(SpoolException.class)
                    .hasMessageContaining("spool directory " + dir + " is in use by another producer")
                    .hasMessageContaining("sluice.spool.dir");
            assertThat(first.recovered().recordCount()).isZero();
        }
        Spool afterClose = Spool.open(settings(dir));
        assertThat(afterClose.directory()).isEqualTo(dir);
        afterClose.close();
        afterClose.close(); // a second close does nothing
        assertThatThrownBy(() -> SpoolFixtures.append(afterClose, "t", 0, "late"))
                .isInstanceOf(SpoolException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void aSecondProcessIsRefusedUntilTheFirstLetsGo() throws Exception {
        try (Spool first = Spool.open(settings(dir))) {
            // A refused open in this process closes its own channel; the lock must hold for other processes still.
            assertThatThrownBy(() -> Spool.open(settings(dir))).isInstanceOf(SpoolException.class);
            Child child = runChild();
            assertThat(child.exitCode).as(child.output).isEqualTo(SpoolLockProbe.REFUSED);
            assertThat(child.output).contains("is in use by another producer").contains(dir.toString());
            assertThat(first.recovered().recordCount()).isZero();
        }
        Child child = runChild();
        assertThat(child.exitCode).as(child.output).isEqualTo(SpoolLockProbe.OPENED);
    }

    @Test
    void aCrashedProducerLeavesTheDirectoryFree() throws Exception {
        Spool spool = Spool.open(settings(dir));
        spool.crash();
        try (Spool reopened = Spool.open(settings(dir))) {
            assertThat(reopened.recovered().recordCount()).isZero();
        }
    }

    private record Child(int exitCode, String output) {}

    private Child runChild() throws IOException, InterruptedException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                ChildClassPath.ofThisJvm(),
                SpoolLockProbe.class.getName(),
                dir.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the probe did not end: " + output);
        }
        return new Child(process.exitValue(), output);
    }
}
