package org.relais.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseParserTest {

    @Test
    void parsesEventsFedInArbitraryChunks() {
        String stream = "event: snapshot\ndata: {\"a\":1}\n\n: ping\n\nevent: facility\r\ndata: {\"name\":\"Hébergement\"}\r\n\r\n"
                + "data: line one\ndata: line two\nid: 7\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            List<String> seen = new ArrayList<>();
            SseParser parser = new SseParser((type, data) -> seen.add(type + "|" + data));
            for (int i = 0; i < bytes.length; i += chunk) {
                parser.feed(bytes, i, Math.min(chunk, bytes.length - i));
            }
            assertEquals(List.of("snapshot|{\"a\":1}", "facility|{\"name\":\"Hébergement\"}", "message|line one\nline two"), seen,
                    "chunks of " + chunk);
            assertEquals(1, parser.comments());
        }
    }
}
