package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    @Test
    void pageIsSelfContainedWithThreeKindsOfChart() {
        List<PerfStats.Window> windows = List.of(
                new PerfStats.Window(1, 100, 10_000, 2.0, 5.0, 9.0),
                new PerfStats.Window(2, 120, 12_000, 1.5, 4.0, 6.0));
        String html = HtmlReport.render(
                "perf <run>", "220 records sent", windows, List.of(new double[] {50, 2}, new double[] {99, 5}));
        assertThat(html).contains("Throughput over time", "Latency over time", "Latency by percentile");
        assertThat(html).contains("perf &lt;run&gt;");
        // Nothing to fetch: no scripts, stylesheets or images by address (the SVG namespace is not a fetch).
        assertThat(html).doesNotContain("src=", "href=", "<link", "@import").contains("<svg xmlns=");
        assertThat(html).contains("data-name=\"p99\"");
    }

    @Test
    void percentileAxisReadsAsPercentiles() {
        assertThat(HtmlReport.ninesLabel(0)).isEqualTo("0%");
        assertThat(HtmlReport.ninesLabel(1)).isEqualTo("90%");
        assertThat(HtmlReport.ninesLabel(3)).isEqualTo("99.9%");
    }
}
