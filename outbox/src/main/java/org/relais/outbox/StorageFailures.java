package org.relais.outbox;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.SocketException;
import org.hibernate.exception.DataException;
import org.hibernate.exception.JDBCConnectionException;
import org.relais.common.problem.FailureClassifier;
import org.relais.common.problem.Problem;

/**
 * Database failures that are not bugs: while PostgreSQL is unreachable or restarting, a request gets 503 with
 * Retry-After (it changed nothing: its transaction never committed); a value PostgreSQL cannot hold (SQLSTATE
 * class 22, e.g. a NUL character in text) is the caller's 400.
 */
@ApplicationScoped
public class StorageFailures implements FailureClassifier {

    @Override
    public Problem classify(Throwable failure) {
        if (failure instanceof DataException) {
            return unstorable();
        }
        // The reactive client's error, or the same as Hibernate reports it (an SQLException).
        String state = failure instanceof PgException pg ? pg.getSqlState()
                : failure instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
        if (state != null) {
            String sqlClass = state.substring(0, Math.min(2, state.length()));
            return switch (sqlClass) {
                case "22" -> unstorable();
                // connection exception, insufficient resources, operator intervention (shutdown, restart)
                case "08", "53", "57" -> unavailable();
                default -> null;
            };
        }
        // A reset socket here is the database's (the only connection a request holds besides its caller's, and a
        // caller that went away reads no answer): without this it was taken for an unreadable request body (400).
        // (ConnectException, a refused connection, is a SocketException too.)
        if (failure instanceof SocketException || failure instanceof ClosedConnectionException
                || failure instanceof JDBCConnectionException) {
            return unavailable();
        }
        return null;
    }

    private static Problem unstorable() {
        return Problem.of(400, "Bad Request", "The request holds a value that cannot be stored.");
    }

    private static Problem unavailable() {
        return Problem.of(503, "Service Unavailable", "The database is not reachable; nothing was changed. Try again shortly.");
    }
}
