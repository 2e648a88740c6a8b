package org.relais.events;

/** A record that no retry can make valid: consumers nack it and it goes to the dead-letter topic. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message, null, false, false);
    }
}
