package org.relais.patrol.rest;

import io.smallrye.mutiny.Multi;
import java.time.Duration;

/**
 * A stream of changes with keep-alives mixed in, that ends when the changes end. The changes end when the stream fell
 * too far behind ({@code ReferralStream}); were the keep-alives to go on, the client would keep listening to a line
 * that carries nothing else, and never reconnect and resume from what it received last.
 */
final class KeptAlive {

    private KeptAlive() {
    }

    /** {@code keepAlive} at once (so a proxy in between sees bytes as soon as the stream opens), then every {@code every}. */
    static <T> Multi<T> stream(Multi<T> changes, T keepAlive, T ended, Duration every) {
        Multi<T> keepAlives = Multi.createBy().concatenating().streams(
                Multi.createFrom().item(keepAlive),
                Multi.createFrom().ticks().startingAfter(every).every(every)
                        .onOverflow().drop()
                        .map(tick -> keepAlive));
        // Changes first: merging subscribes in this order, so the listener exists before the first keep-alive tells
        // the client that the stream is open; a change published in between is not lost. {@code ended} (never sent)
        // marks the changes' end, where the merged stream stops.
        return Multi.createBy().merging().streams(changes.onCompletion().continueWith(ended), keepAlives)
                .select().first(item -> item != ended);
    }
}
