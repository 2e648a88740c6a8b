package org.relais.gateway.live;

import java.nio.charset.StandardCharsets;

/** Server-sent event framing, in bytes, so an event is rendered once however many subscribers receive it. */
public final class SseFrames {

    /** Browsers reconnect after this many milliseconds; a reconnection receives a fresh snapshot. */
    private static final byte[] RETRY = "retry: 3000\n".getBytes(StandardCharsets.UTF_8);

    public static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

    private SseFrames() {
    }

    /** One event whose data is a single line of JSON (Jackson writes no raw newline). */
    public static byte[] event(String name, byte[] json) {
        return concat(("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8), json);
    }

    /** The first event of a stream, with the reconnection delay. */
    public static byte[] firstEvent(String name, byte[] json) {
        return concat(RETRY, event(name, json));
    }

    private static byte[] concat(byte[] head, byte[] json) {
        byte[] frame = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(json, 0, frame, head.length, json.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }
}
