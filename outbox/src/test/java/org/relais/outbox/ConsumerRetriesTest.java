package org.relais.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.relais.events.PoisonEventException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsumerRetriesTest {

    private final ConsumerRetries retries = new ConsumerRetries(Duration.ofMillis(1), Duration.ofMillis(5));

    @Test
    void aPassingFailureIsRetriedFarBeyondTheOldBudgetUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        String result = retries.<String>untilApplied("test record", () -> attempts.incrementAndGet() < 60
                ? Uni.createFrom().failure(new PgException("the database system is shutting down", "FATAL", "57P03", null))
                : Uni.createFrom().item("applied")).await().atMost(Duration.ofSeconds(10));
        assertEquals("applied", result);
        assertEquals(60, attempts.get());
    }

    @Test
    void poisonFailsAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(PoisonEventException.class, () -> retries.<String>untilApplied("test record", () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new PoisonEventException("not an event"));
        }).await().atMost(Duration.ofSeconds(5)));
        assertEquals(1, attempts.get());
    }

    @Test
    void aValueTheDatabaseCanNeverStoreIsPoisonNotARetryForever() {
        AtomicInteger attempts = new AtomicInteger();
        PoisonEventException poison = assertThrows(PoisonEventException.class, () -> retries.<String>untilApplied("event 42", () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new RuntimeException(
                    new PgException("invalid byte sequence for encoding", "ERROR", "22021", null)));
        }).await().atMost(Duration.ofSeconds(5)));
        assertEquals(1, attempts.get());
        assertTrue(poison.getMessage().contains("22021"), poison.getMessage());
    }

    @Test
    void aDataExceptionAsHibernateReportsItIsPoisonToo() {
        AtomicInteger attempts = new AtomicInteger();
        PoisonEventException poison = assertThrows(PoisonEventException.class, () -> retries.<String>untilApplied("event 43", () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new RuntimeException("could not execute statement",
                    new java.sql.SQLException("invalid parameter value", "22023")));
        }).await().atMost(Duration.ofSeconds(5)));
        assertEquals(1, attempts.get());
        assertTrue(poison.getMessage().contains("22023"), poison.getMessage());
    }

    @Test
    void theLogLineNamesClassesAndSqlStateButNoMessage() {
        String line = ConsumerRetries.describe(new RuntimeException("wrapper",
                new PgException("duplicate key value (person)=(secret)", "ERROR", "23505", "Key (x)=(secret)")));
        assertTrue(line.contains("23505"), line);
        assertFalse(line.contains("secret"), line);
    }

    @Test
    void onlyRecordsTheBrokerCanNeverTakeAreParked() {
        assertTrue(OutboxRelay.refusedForGood(new RuntimeException(new RecordTooLargeException("too large"))));
        assertFalse(OutboxRelay.refusedForGood(new NetworkException("broker away")));
        assertFalse(OutboxRelay.refusedForGood(new IllegalStateException("emitter not ready")));
    }
}
