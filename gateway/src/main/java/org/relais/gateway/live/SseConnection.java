package org.relais.gateway.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * One capacity subscriber, confined to the event loop of its connection (no locks). It keeps only the latest
 * pending event per facility: a reader slower than the updates gets fewer, newer events (the board is state,
 * not a log), and the memory it can pin is bounded by the number of facilities. It writes only while the
 * socket accepts data, as one batch per flush.
 */
final class SseConnection {

    private final HttpServerResponse response;
    private final Set<String> arrondissements;
    private final Consumer<SseConnection> onClose;
    /** Told how many events each write carried (the snapshot, then facility events), for the metrics. */
    private final IntConsumer written;

    private Map<String, byte[]> pending = new LinkedHashMap<>();
    private boolean ping;
    private boolean started;
    private boolean waitingForDrain;
    private volatile boolean closed;

    SseConnection(HttpServerResponse response, Set<String> arrondissements, Consumer<SseConnection> onClose,
            IntConsumer written) {
        this.response = response;
        this.arrondissements = Set.copyOf(arrondissements);
        this.onClose = onClose;
        this.written = written;
        response.closeHandler(v -> close());
        response.exceptionHandler(e -> close());
    }

    /** Queues a change for this reader if it concerns its arrondissements. */
    void offer(LiveChange change) {
        if (closed) {
            return;
        }
        if (change instanceof LiveChange.FacilityFrame frame) {
            if (frame.concerns(arrondissements)) {
                pending.put(frame.facilityId(), frame.frame());
            }
        } else {
            ping = true;
        }
    }

    /** Sends the snapshot, then whatever changed since the connection was registered. */
    void start(Buffer snapshot) {
        if (closed || response.closed()) {
            close();
            return;
        }
        response.write(snapshot);
        written.accept(1);
        started = true;
        flush();
    }

    /** Writes what is pending, unless the snapshot is not out yet or the socket is full. */
    void flush() {
        if (!started || waitingForDrain || closed || (pending.isEmpty() && !ping)) {
            return;
        }
        if (response.closed()) {
            close();
            return;
        }
        if (response.writeQueueFull()) {
            // Changes keep coalescing in pending until the reader catches up.
            waitingForDrain = true;
            response.drainHandler(v -> {
                waitingForDrain = false;
                flush();
            });
            return;
        }
        int size = ping ? SseFrames.PING.length : 0;
        for (byte[] frame : pending.values()) {
            size += frame.length;
        }
        Buffer batch = Buffer.buffer(size);
        pending.values().forEach(batch::appendBytes);
        if (ping) {
            batch.appendBytes(SseFrames.PING);
        }
        int events = pending.size();
        pending = new LinkedHashMap<>();
        ping = false;
        response.write(batch);
        if (events > 0) {
            written.accept(events);
        }
    }

    /** Gives up on this reader (e.g. the snapshot could not be built). */
    void abort() {
        if (!response.closed()) {
            response.reset();
        }
        close();
    }

    boolean isClosed() {
        return closed;
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending = Map.of();
        onClose.accept(this);
    }
}
