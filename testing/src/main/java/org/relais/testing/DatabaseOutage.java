package org.relais.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Takes the running service's test database away, as an outage would: no new connection is allowed and every open
 * one is cut; {@link #close()} gives it back. Works from the server's {@code postgres} database. The module's later
 * tests use the same database, so it MUST come back whatever happens: use try-with-resources ({@link #restore()}
 * gives it back at any time). Only a database named {@code relais_*_test} can be taken away.
 */
public final class DatabaseOutage implements AutoCloseable {

    private DatabaseOutage() {
    }

    /** The database is away from now until {@link #close()}. */
    public static DatabaseOutage begin() {
        DatabaseOutage outage = new DatabaseOutage();
        try {
            run("ALTER DATABASE " + database() + " WITH ALLOW_CONNECTIONS false",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database()
                            + "' AND pid <> pg_backend_pid()");
        } catch (RuntimeException e) {
            outage.close();
            throw e;
        }
        return outage;
    }

    /** Accepts connections again. */
    public static void restore() {
        run("ALTER DATABASE " + database() + " WITH ALLOW_CONNECTIONS true");
    }

    @Override
    public void close() {
        restore();
    }

    private static void run(String... statements) {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String server = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
        Properties credentials = new Properties();
        credentials.setProperty("user", config.getValue("quarkus.datasource.username", String.class));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(password -> credentials.setProperty("password", password));
        try (Connection connection = new org.postgresql.Driver().connect(server, credentials);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the availability of " + database(), e);
        }
    }

    private static String database() {
        String name = ConfigProvider.getConfig().getValue("relais.db.name", String.class);
        if (!name.matches("relais_[a-z_]+_test")) {
            throw new IllegalStateException("refusing to take away a database that is not a test one: " + name);
        }
        return name;
    }
}
