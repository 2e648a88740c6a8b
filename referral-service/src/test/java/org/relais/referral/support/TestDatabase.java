package org.relais.referral.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The service's test database seen from outside the application: a connection of the test's own. */
public final class TestDatabase {

    public static final String NAME = "relais_referral_test";
    private static final String SERVER = "jdbc:postgresql://" + env("RELAIS_DB_HOST", "127.0.0.1") + ":"
            + env("RELAIS_DB_PORT", "5432") + "/";

    private TestDatabase() {
    }

    /** A connection to the test database, outside the application's pool. */
    public static Connection connect() throws SQLException {
        return connect(NAME);
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(SERVER + database, env("RELAIS_DB_USER", "postgres"), env("RELAIS_DB_PASSWORD", ""));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
