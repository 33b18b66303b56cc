package io.sluice.bench.compare;

import io.sluice.cli.Escapes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * compare.html: one self-contained page (inline SVG, no scripts, nothing fetched) with a bar chart per figure,
 * each configuration's clients side by side, bars at the median and whiskers from the lowest to the highest
 * round, and the tables of {@link TextReport} below.
 */
final class HtmlReport {
    private static final Map<String, String> COLOURS =
            Map.of("kafka", "#8c8c8c", "sluice", "#1f6fb4", "ceiling", "#e0b040", "baseline", "#8fb8de");
    private static final int GROUP = 96;
    private static final int BAR = 32;
    private static final int LEFT = 70;
    private static final int TOP = 30;
    private static final int PLOT = 180;

    private HtmlReport() {}

    static void write(Results results, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, page(results), StandardCharsets.UTF_8);
    }

    static String page(Results results) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sluice vs kafka-clients</title>\n");
        sb.append("<style>body{font-family:sans-serif;margin:2em}svg{margin:1em 0}"
                + "pre{background:#f4f4f4;padding:1em;overflow:auto}</style></head><body>\n");
        sb.append("<h1>Sluice vs kafka-clients producer</h1>\n<p>");
        sb.append(Escapes.html("compare " + results.arguments())).append("<br>");
        Machine.describe()
                .forEach((k, v) -> sb.append(Escapes.html(k + ": " + v)).append("; "));
        sb.append("<br>started ")
                .append(results.started())
                .append(", finished ")
                .append(results.finished());
        sb.append("</p>\n<p>Legend: ");
        for (String c : results.clients()) {
            sb.append("<span style=\"color:")
                    .append(COLOURS.get(c))
                    .append("\">&#9632; ")
                    .append(Results.display(c))
                    .append("</span> ");
        }
        sb.append("; bars are medians, whiskers the lowest and highest round.</p>\n");
        for (Figure f : Figure.ALL) {
            sb.append(chart(results, f));
        }
        sb.append("<h2>Tables</h2>\n<pre>")
                .append(Escapes.html(TextReport.overview(results)))
                .append('\n');
        for (Results.ConfigResults cr : results.configs()) {
            sb.append(
                    Escapes.html("== " + cr.config().name() + ": " + cr.config().describe() + "\n"));
            sb.append(Escapes.html(TextReport.config(cr))).append('\n');
        }
        sb.append("</pre>\n</body></html>\n");
        return sb.toString();
    }

    private static String chart(Results results, Figure f) {
        List<Results.ConfigResults> configs = results.configs();
        double top = 0;
        for (Results.ConfigResults cr : configs) {
            for (String c : results.clients()) {
                Spread s = cr.spreads(c).get(f.key());
                if (s != null && s.count() > 0) {
                    top = Math.max(top, s.max());
                }
            }
        }
        top = top <= 0 ? 1 : top * 1.1;
        int width = LEFT + configs.size() * GROUP + 20;
        int height = TOP + PLOT + 60;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "<h2>%s <small>(%s is better)</small></h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                        + " height=\"%d\" font-size=\"11\">\n",
                Escapes.html(f.label()),
                f.higherIsBetter() ? "higher" : "lower",
                width,
                height));
        axis(sb, f, top, width);
        for (int i = 0; i < configs.size(); i++) {
            Results.ConfigResults cr = configs.get(i);
            int x0 = LEFT + i * GROUP + (GROUP - BAR * results.clients().size()) / 2;
            for (int j = 0; j < results.clients().size(); j++) {
                String client = results.clients().get(j);
                bar(sb, cr.spreads(client).get(f.key()), f, top, x0 + j * BAR, COLOURS.getOrDefault(client, "#5aa469"));
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    LEFT + i * GROUP + GROUP / 2,
                    TOP + PLOT + 16,
                    Escapes.html(cr.config().name())));
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s</text>\n",
                    LEFT + i * GROUP + GROUP / 2,
                    TOP + PLOT + 32,
                    TextReport.ratio(cr.ratio(f.key()))));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void axis(StringBuilder sb, Figure f, double top, int width) {
        for (int t = 0; t <= 4; t++) {
            double v = top * t / 4;
            int y = TOP + PLOT - (int) Math.round(PLOT * (double) t / 4);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    LEFT,
                    y,
                    width - 10,
                    y,
                    LEFT - 4,
                    y + 4,
                    Escapes.html(f.format(v))));
        }
    }

    private static void bar(StringBuilder sb, Spread s, Figure f, double top, int x, String colour) {
        if (s == null || s.count() == 0) {
            return;
        }
        int h = (int) Math.round(PLOT * s.median() / top);
        int yMin = TOP + PLOT - (int) Math.round(PLOT * s.min() / top);
        int yMax = TOP + PLOT - (int) Math.round(PLOT * s.max() / top);
        int mid = x + BAR / 2 - 2;
        sb.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>\n",
                x,
                TOP + PLOT - h,
                BAR - 4,
                h,
                colour,
                Escapes.html(f.format(s.median()))));
        sb.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n",
                mid,
                yMin,
                mid,
                yMax,
                mid - 4,
                yMin,
                mid + 4,
                yMin,
                mid - 4,
                yMax,
                mid + 4,
                yMax));
    }
}
