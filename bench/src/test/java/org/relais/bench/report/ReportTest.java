package org.relais.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relais.bench.load.Latency;
import org.w3c.dom.Document;

class ReportTest {

    @Test
    void tableIsMarkdownWithFormattedCells() {
        Table t = new Table("path", "p50 ms", "count");
        t.row("Kafka | floor", Table.ms(0.4567), 12.0).row("PUT", Table.ms(Double.NaN), 2.5);
        assertEquals("""
                | path | p50 ms | count |
                | --- | ---: | ---: |
                | Kafka \\| floor | 0.46 | 12 |
                | PUT | n/a | 2.50 |
                """, t.toMarkdown());
        assertEquals("123", Table.ms(123.4));
        assertEquals("12.3", Table.ms(12.34));
    }

    @Test
    void writesMarkdownSvgAndHistogramFiles(@TempDir Path dir) throws Exception {
        Latency fast = new Latency("floor <fast> & steady");
        Latency slow = new Latency("platform");
        for (int i = 1; i <= 1_000; i++) {
            fast.recordNanos(i * 1_000L);
            slow.recordNanos(i * 100_000L);
        }
        Report report = new Report("Relais bench (test)").section("Floor").table(new Table("a", "b").row("x", 1.0)).text("note")
                .plot(fast).plot(slow).plot(new Latency("empty series is left out"));
        Path md = report.write(dir.resolve("run"));

        String markdown = Files.readString(md);
        assertTrue(markdown.startsWith("# Relais bench (test)\n\n## Floor\n\n| a | b |"), markdown);
        assertTrue(markdown.contains("![latency by percentile](latency.svg)"));
        assertTrue(Files.exists(dir.resolve("run/series-01.hgrm")));
        assertTrue(Files.readString(dir.resolve("run/series-02.hgrm")).contains("Value"));

        String svg = Files.readString(dir.resolve("run/latency.svg"));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(2, doc.getElementsByTagName("path").getLength());
        assertTrue(svg.contains("floor &lt;fast&gt; &amp; steady"));
    }
}
