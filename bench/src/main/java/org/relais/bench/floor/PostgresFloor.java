package org.relais.bench.floor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import org.relais.bench.cli.Target;
import org.relais.bench.load.Latency;
import org.relais.bench.load.OpenLoop;

/**
 * What PostgreSQL itself allows on this machine: one single-row UPDATE committed (autocommit, default
 * synchronous_commit, so a WAL flush per commit like the services' transactions), in a scratch table of a
 * scratch database {@value #DATABASE} that the bench owns.
 */
public final class PostgresFloor {

    public static final String DATABASE = "relais_bench";

    private final Target target;

    public PostgresFloor(Target target) {
        this.target = target;
    }

    public Latency measure(double ratePerSecond, Duration duration) throws SQLException {
        ensureDatabase();
        Latency latency = new Latency("PostgreSQL single-row UPDATE commit (floor)");
        try (Connection c = connect(DATABASE)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bench_row (id int PRIMARY KEY, n bigint NOT NULL)");
                s.execute("INSERT INTO bench_row VALUES (1, 0) ON CONFLICT DO NOTHING");
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE bench_row SET n = n + 1 WHERE id = 1")) {
                OpenLoop loop = new OpenLoop();
                // One connection, so each update runs on the loop's thread; a late one still counts from its
                // intended time, which keeps the measure free of coordinated omission.
                loop.run(ratePerSecond, Duration.ofSeconds(1), intended -> execute(update));
                loop.run(ratePerSecond, duration, intended -> {
                    execute(update);
                    latency.recordNanos(System.nanoTime() - intended);
                });
            }
        }
        return latency;
    }

    private static void execute(PreparedStatement update) {
        try {
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("floor UPDATE failed", e);
        }
    }

    private void ensureDatabase() throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                try {
                    s.execute("CREATE DATABASE " + DATABASE);
                } catch (SQLException e) {
                    // Two benches at once: "already exists" is fine.
                    if (!"42P04".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", target.dbUser());
        if (!target.dbPassword().isEmpty()) {
            p.setProperty("password", target.dbPassword());
        }
        p.setProperty("ApplicationName", "relais-bench");
        Connection c = DriverManager.getConnection(target.jdbcUrl(database), p);
        c.setAutoCommit(true);
        return c;
    }
}
