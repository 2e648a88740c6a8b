package org.relais.capacity.service;

import io.vertx.sqlclient.DatabaseException;

/** What a database failure means for the caller. */
final class Persistence {

    private static final String UNIQUE_VIOLATION = "23505";

    private Persistence() {
    }

    /** True when the failure is a duplicate key, however deep the persistence layers wrapped it. */
    static boolean isDuplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException c
                    && c.getKind() == org.hibernate.exception.ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
            if (t instanceof DatabaseException d && UNIQUE_VIOLATION.equals(d.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
