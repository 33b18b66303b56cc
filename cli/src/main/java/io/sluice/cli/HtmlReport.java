package io.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A self-contained HTML page for a perf run: throughput over time, latency over time and the latency
 * percentile curve, drawn as inline SVG so the page renders with no network access.
 */
final class HtmlReport {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 260;
    private static final int PAD_LEFT = 70;
    private static final int PAD_BOTTOM = 40;
    private static final int PAD_TOP = 30;
    private static final int PAD_RIGHT = 20;

    /** One line of a chart. */
    record Series(String name, String color, List<double[]> points) {}

    private HtmlReport() {}

    static String render(String title, String summaryLine, List<PerfStats.Window> windows, List<double[]> curve) {
        List<double[]> rate = new ArrayList<>();
        List<double[]> mb = new ArrayList<>();
        List<double[]> avg = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        List<double[]> max = new ArrayList<>();
        for (PerfStats.Window w : windows) {
            rate.add(new double[] {w.second(), w.records()});
            mb.add(new double[] {w.second(), w.bytes() / (1024.0 * 1024.0)});
            avg.add(new double[] {w.second(), w.avgLatencyMs()});
            p99.add(new double[] {w.second(), w.p99LatencyMs()});
            max.add(new double[] {w.second(), w.maxLatencyMs()});
        }
        // The percentile axis is "nines": x = log10(1 / (1 - p)), so 90 -> 1, 99 -> 2, 99.9 -> 3.
        List<double[]> nines = new ArrayList<>();
        for (double[] pt : curve) {
            double p = Math.min(pt[0], 99.999) / 100.0;
            nines.add(new double[] {Math.log10(1.0 / (1.0 - p)), pt[1]});
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Escapes.html(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:24px;color:#222}"
                        + "h1{font-size:20px}pre{background:#f4f4f4;padding:8px;white-space:pre-wrap}"
                        + "svg{display:block;margin:12px 0}</style></head><body>\n")
                .append("<h1>")
                .append(Escapes.html(title))
                .append("</h1>\n<pre id=\"summary\">")
                .append(Escapes.html(summaryLine))
                .append("</pre>\n");
        html.append(chart(
                "Throughput over time", "seconds", "records/s", List.of(new Series("records/s", "#1f77b4", rate))));
        html.append(
                chart("Throughput over time (MB/s)", "seconds", "MB/s", List.of(new Series("MB/s", "#2ca02c", mb))));
        html.append(chart(
                "Latency over time",
                "seconds",
                "ms",
                List.of(
                        new Series("avg", "#1f77b4", avg),
                        new Series("p99", "#ff7f0e", p99),
                        new Series("max", "#d62728", max))));
        html.append(chart(
                "Latency by percentile",
                "percentile",
                "ms",
                List.of(new Series("latency", "#9467bd", nines)),
                HtmlReport::ninesLabel));
        html.append("</body></html>\n");
        return html.toString();
    }

    static String chart(String title, String xLabel, String yLabel, List<Series> series) {
        return chart(title, xLabel, yLabel, series, HtmlReport::label);
    }

    /** Labels a point of the "nines" axis with its percentile: 0 -> 0%, 1 -> 90%, 2 -> 99%, 3 -> 99.9%. */
    static String ninesLabel(double nines) {
        double percentile = 100.0 * (1.0 - Math.pow(10, -nines));
        String text = String.format(Locale.ROOT, "%.4f", percentile)
                .replaceAll("0+$", "")
                .replaceAll("\\.$", "");
        return text + "%";
    }

    static String chart(
            String title, String xLabel, String yLabel, List<Series> series, DoubleFunction<String> xFormat) {
        double maxX = 1e-9;
        double maxY = 1e-9;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        maxY *= 1.1;
        int plotW = WIDTH - PAD_LEFT - PAD_RIGHT;
        int plotH = HEIGHT - PAD_TOP - PAD_BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
                WIDTH,
                HEIGHT,
                Escapes.html(title)));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                PAD_LEFT,
                Escapes.html(title)));
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                PAD_LEFT,
                PAD_TOP,
                plotW,
                plotH));
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            double y = PAD_TOP + plotH - plotH * i / 4.0;
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n",
                    PAD_LEFT - 6,
                    y + 4,
                    label(v)));
            double x = PAD_LEFT + plotW * i / 4.0;
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
                    x,
                    PAD_TOP + plotH + 16,
                    Escapes.html(xFormat.apply(maxX * i / 4))));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
                PAD_LEFT + plotW / 2,
                HEIGHT - 6,
                Escapes.html(xLabel)));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"12\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>%n",
                PAD_TOP + plotH / 2,
                PAD_TOP + plotH / 2,
                Escapes.html(yLabel)));
        int legendX = PAD_LEFT + 10;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (double[] p : s.points()) {
                double x = PAD_LEFT + plotW * (p[0] / maxX);
                double y = PAD_TOP + plotH - plotH * (p[1] / maxY);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<polyline class=\"series\" data-name=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                    Escapes.html(s.name()),
                    s.color(),
                    pts.toString().trim()));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>%n",
                    legendX,
                    PAD_TOP + 14,
                    s.color(),
                    Escapes.html(s.name())));
            legendX += 60;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String label(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.0f" : "%.2f", v);
    }
}
