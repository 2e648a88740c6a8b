package org.relais.outbox.retention;

/**
 * One service's purge of personal fields, run by {@link PersonalDataRetention}: what it purges (for the log) and
 * the statement that purges one batch. The statement claims its rows itself, so several instances may purge at
 * once: it must update only rows not purged yet and older than {@code $1}, at most {@code $2} of them, picked with
 * {@code FOR UPDATE SKIP LOCKED}. A service declares its purge with a CDI producer.
 */
public record RetentionPurge(String what, String purgeBatch) {
}
