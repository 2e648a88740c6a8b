package org.relais.gateway.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Tests that publish facility events and read the board: one producer per class, the board caught up before each test. */
public abstract class BoardTest {

    protected static FacilityEvents events;

    @BeforeAll
    static void openProducer() {
        events = Board.events();
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }

    @BeforeEach
    void boardReady() {
        Board.awaitReady();
    }
}
