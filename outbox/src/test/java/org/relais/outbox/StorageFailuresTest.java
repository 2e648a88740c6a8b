package org.relais.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class StorageFailuresTest {

    private final StorageFailures failures = new StorageFailures();

    @Test
    void aDatabaseGoneAwayIsUnavailable() {
        // Seen while PostgreSQL restarted: the reset connection used to be answered as an unreadable body (400).
        assertEquals(503, failures.classify(new SocketException("Connection reset")).status());
        assertEquals(503, failures.classify(new ConnectException("Connection refused")).status());
    }

    @Test
    void hibernatesFormOfAnOutageIsUnavailableAndOfABadValueABadRequest() {
        assertEquals(503, failures.classify(new java.sql.SQLException("too many connections", "53300")).status());
        assertEquals(503, failures.classify(new java.sql.SQLException("terminating connection", "57P01")).status());
        assertEquals(400, failures.classify(new java.sql.SQLException("invalid byte sequence", "22021")).status());
        assertNull(failures.classify(new java.sql.SQLException("duplicate key", "23505")));
    }

    @Test
    void otherFailuresAreLeftToTheirOwnMapper() {
        assertNull(failures.classify(new IOException("broken body")));
        assertNull(failures.classify(new IllegalStateException()));
    }
}
