package org.relais.patrol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A patrol stream's keep-alives last as long as its changes, and no longer. */
class KeptAliveTest {

    @Test
    void aStreamWhoseChangesEndEndsToo() {
        AssertSubscriber<String> client = KeptAlive.stream(Multi.createFrom().items("held", "waitlisted"), ":keep-alive",
                        ":end", Duration.ofMillis(20))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        client.awaitCompletion(Duration.ofSeconds(5));
        List<String> sent = client.getItems();
        assertTrue(sent.containsAll(List.of("held", "waitlisted")), sent.toString());
        assertTrue(!sent.contains(":end"), "the end marker is never sent");
    }

    @Test
    void anOpenStreamIsKeptAliveFromItsFirstByte() {
        AssertSubscriber<String> client = KeptAlive.stream(Multi.createFrom().<String>nothing(), ":keep-alive", ":end",
                        Duration.ofMillis(20))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        client.awaitItems(3, Duration.ofSeconds(5));
        assertEquals(List.of(":keep-alive", ":keep-alive", ":keep-alive"), List.copyOf(client.getItems()).subList(0, 3));
        client.assertNotTerminated();
        client.cancel();
    }
}
