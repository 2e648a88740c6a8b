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

    @Test
    void anEventIdCountsOnlyOnceItsEventArrivedWhole() {
        List<String> seen = new ArrayList<>();
        SseParser parser = new SseParser((type, data) -> seen.add(data));
        parser.feed("event: referral\nid: 41\ndata: {\"status\":\"HELD\"}\n\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("41", parser.lastEventId());
        // The connection is cut after the next event's id line: resuming must ask for what follows 41, not 42.
        parser.feed("event: referral\nid: 42\ndata: {\"status\":\"CANC".getBytes(StandardCharsets.UTF_8));
        assertEquals("41", parser.lastEventId());
        assertEquals(List.of("{\"status\":\"HELD\"}"), seen);
        parser.feed("ELLED\"}\n\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("42", parser.lastEventId());
    }
}
