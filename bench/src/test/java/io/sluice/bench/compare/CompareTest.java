package io.sluice.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison end to end on a tiny configuration: a broker JVM, one round of each client in its own JVM, and
 * the three reports. Proves the instrument works; the figures of so small a run mean nothing.
 */
class CompareTest {
    @Test
    @Timeout(value = 120)
    void runsBothClientsInTheirOwnJvmsAndWritesTheReports(@TempDir Path out) throws Exception {
        Options options = Options.parse(new String[] {
            "--quick",
            "--configs",
            "defaults",
            "--records",
            "3000",
            "--warmup-records",
            "1000",
            "--rounds",
            "1",
            "--warmup-rounds",
            "0",
            "--heap",
            "128m",
            "--broker-heap",
            "512m",
            "--run-timeout",
            "60",
            "--out",
            out.toString()
        });
        ByteArrayOutputStream text = new ByteArrayOutputStream();

        long start = System.nanoTime();
        Results results = new Compare(options, new PrintStream(text, true, StandardCharsets.UTF_8)).run("test");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(results.failures()).as(text.toString(StandardCharsets.UTF_8)).isZero();
        Results.ConfigResults defaults = results.configs().get(0);
        for (String client : List.of("kafka", "sluice")) {
            List<RunResult> runs = defaults.runs().get(client);
            assertThat(runs).hasSize(1);
            RunResult r = runs.get(0);
            assertThat(r.records()).isEqualTo(3000);
            assertThat(r.recordsPerSec()).isPositive();
            assertThat(r.latencyP99Ms())
                    .isGreaterThanOrEqualTo(r.latencyP50Ms())
                    .isPositive();
            assertThat(r.cpuMicrosPerRecord()).isPositive();
            assertThat(r.allocBytesPerRecord()).isPositive();
            assertThat(r.peakRssMb()).isPositive();
        }
        assertThat(defaults.ratio("records_per_sec")).isPositive();
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("sluice/kafka", "records/s", "p99");
        String json = Files.readString(out.resolve("compare.json"));
        assertThat(json).contains("\"ratio_sluice_over_kafka\"", "\"records_per_sec\"", "\"cores\"");
        String html = Files.readString(out.resolve("compare.html"));
        assertThat(html).contains("<svg", "records/s").doesNotContain("<script", "src=", "href=");
        assertThat(took).isLessThan(Duration.ofSeconds(120));
    }
}
