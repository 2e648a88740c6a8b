package org.relais.bench.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Incremental text/event-stream parser: bytes in (in chunks cut anywhere, even inside a UTF-8 character),
 * (event type, data) out at each blank line. Comments (": ping") are counted, not dispatched.
 */
public final class SseParser {

    private final BiConsumer<String, String> onEvent;
    private static final int KEEP_BUFFER_BYTES = 16 * 1024;

    private ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private String eventType;
    private StringBuilder data;
    private long comments;
    /**
     * The id of the last event received whole (kept across events, as the HTML spec does), null before any. An id line
     * counts only once its event's blank line came: a connection cut in the middle of an event must resume before it.
     */
    private volatile String lastEventId;
    private String idBuffer;

    public SseParser(BiConsumer<String, String> onEvent) {
        this.onEvent = onEvent;
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                onLine(line.toString(StandardCharsets.UTF_8));
                // A snapshot line can be megabytes: thousands of streams must not each keep such a buffer.
                if (line.size() > KEEP_BUFFER_BYTES) {
                    line = new ByteArrayOutputStream(256);
                } else {
                    line.reset();
                }
            } else {
                line.write(b);
            }
        }
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public long comments() {
        return comments;
    }

    public String lastEventId() {
        return lastEventId;
    }

    private void onLine(String raw) {
        String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (l.isEmpty()) {
            lastEventId = idBuffer;
            if (data != null) {
                onEvent.accept(eventType == null ? "message" : eventType, data.toString());
            }
            eventType = null;
            data = null;
            return;
        }
        if (l.charAt(0) == ':') {
            comments++;
            return;
        }
        int colon = l.indexOf(':');
        String field = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value.length());
                } else {
                    data.append('\n');
                }
                data.append(value);
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            default -> {
                // retry carries nothing the bench measures.
            }
        }
    }
}
