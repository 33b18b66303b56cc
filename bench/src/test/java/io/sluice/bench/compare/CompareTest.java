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
 * The comparison end to end on tiny configurations, plaintext and TLS: a broker JVM with both listeners, one round
 * of each client in its own JVM, and the three reports. Proves the instrument works; the figures of so small a run
 * mean nothing.
 */
class CompareTest {
    private static final String TLS_PASSWORD = "tls-pw-" + TlsSetup.randomPassword();

    @Test
    @Timeout(value = 180)
    void runsBothClientsInTheirOwnJvmsInPlaintextAndOverTlsAndWritesTheReports(@TempDir Path out) throws Exception {
        Options options = Options.parse(new String[] {
            "--quick",
            "--configs",
            "defaults,defaults-tls",
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
        Results results =
                new Compare(options, new PrintStream(text, true, StandardCharsets.UTF_8), TLS_PASSWORD).run("test");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(results.failures()).as(text.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(results.configs())
                .extracting(c -> c.config().name() + (c.config().tls() ? " over TLS" : ""))
                .containsExactly("defaults", "defaults-tls over TLS");
        for (Results.ConfigResults config : results.configs()) {
            for (String client : List.of("kafka", "sluice")) {
                assertMeasured(config, client);
            }
            assertThat(config.ratio("records_per_sec")).isPositive();
        }
        // The ceiling replays its requests over TLS too, checking every response.
        assertThat(results.configs().get(1).runs().get("ceiling")).hasSize(1);
        assertThat(results.configs().get(1).runs().get("ceiling").get(0).records())
                .isGreaterThanOrEqualTo(3000);
        String stdout = text.toString(StandardCharsets.UTF_8);
        assertThat(stdout).contains("sluice/kafka", "records/s", "p99", "over TLS");
        String json = Files.readString(out.resolve("compare.json"));
        assertThat(json)
                .contains("\"ratio_sluice_over_kafka\"", "\"records_per_sec\"", "\"cores\"")
                .contains("\"tls\": true", "\"ssl.truststore.password\": \"[hidden]\"");
        String html = Files.readString(out.resolve("compare.html"));
        assertThat(html).contains("<svg", "records/s").doesNotContain("<script", "src=", "href=");
        for (String report : List.of(stdout, json, html)) {
            assertThat(report).doesNotContain(TLS_PASSWORD);
        }
        assertThat(took).isLessThan(Duration.ofSeconds(180));
    }

    private static void assertMeasured(Results.ConfigResults config, String client) {
        List<RunResult> runs = config.runs().get(client);
        assertThat(runs).as(config.config().name() + " " + client).hasSize(1);
        RunResult r = runs.get(0);
        assertThat(r.records()).isEqualTo(3000);
        assertThat(r.recordsPerSec()).isPositive();
        assertThat(r.latencyP99Ms()).isGreaterThanOrEqualTo(r.latencyP50Ms()).isPositive();
        assertThat(r.cpuMicrosPerRecord()).isPositive();
        assertThat(r.allocBytesPerRecord()).isPositive();
        assertThat(r.peakRssMb()).isPositive();
    }
}
