package org.relais.bench.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.relais.bench.load.Latency;

/**
 * The bench's result: sections of tables and notes, plus the latency series plotted in the SVG. Written as
 * report.md, latency.svg and one HdrHistogram percentile file per series into the results folder.
 */
public final class Report {

    private record Section(String heading, List<String> blocks) {
    }

    private final String title;
    private final List<Section> sections = new ArrayList<>();
    private final List<Latency> plotted = new ArrayList<>();

    public Report(String title) {
        this.title = title;
    }

    public Report section(String heading) {
        sections.add(new Section(heading, new ArrayList<>()));
        return this;
    }

    public Report table(Table table) {
        current().blocks().add(table.toMarkdown());
        return this;
    }

    public Report text(String paragraph) {
        current().blocks().add(paragraph.endsWith("\n") ? paragraph : paragraph + "\n");
        return this;
    }

    public Report plot(Latency series) {
        if (series != null && series.count() > 0) {
            plotted.add(series);
        }
        return this;
    }

    public List<Latency> plotted() {
        return List.copyOf(plotted);
    }

    private Section current() {
        if (sections.isEmpty()) {
            section("Results");
        }
        return sections.get(sections.size() - 1);
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n");
        for (Section s : sections) {
            out.append("\n## ").append(s.heading()).append("\n");
            for (String block : s.blocks()) {
                out.append('\n').append(block);
            }
        }
        if (!plotted.isEmpty()) {
            out.append("\n![latency by percentile](latency.svg)\n");
        }
        return out.toString();
    }

    /** Writes everything into {@code folder} (created) and returns the Markdown path. */
    public Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path md = folder.resolve("report.md");
        Files.writeString(md, toMarkdown(), StandardCharsets.UTF_8);
        if (!plotted.isEmpty()) {
            Files.writeString(folder.resolve("latency.svg"), SvgLatencyPlot.render(title, plotted), StandardCharsets.UTF_8);
        }
        int i = 1;
        for (Latency series : plotted) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                ps.println("# " + series.name() + " (values in milliseconds)");
                series.snapshot().outputPercentileDistribution(ps, 1000.0);
            }
            Files.write(folder.resolve(String.format("series-%02d.hgrm", i++)), bytes.toByteArray());
        }
        return md;
    }
}
