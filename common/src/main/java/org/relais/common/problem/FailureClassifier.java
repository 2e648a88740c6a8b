package org.relais.common.problem;

/**
 * Recognises a failure that is not a bug (a storage outage, a value the database cannot hold) and says how to
 * answer it. Modules that bring such failures (e.g. the database) provide one as a CDI bean; failures no
 * classifier recognises are 500s.
 */
public interface FailureClassifier {

    /** The answer for {@code failure} (one link of the cause chain), or null when not recognised. */
    Problem classify(Throwable failure);
}
