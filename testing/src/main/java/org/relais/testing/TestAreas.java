package org.relais.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Postal codes that keep a test's facilities and referrals apart from everything else: "9" + 4 digits, handed
 * out in turn by one PostgreSQL sequence ({@code test_area} in database {@code relais_test}, which the launcher
 * creates) for every test JVM of the machine and the end-to-end tests alike.
 *
 * <p>Why not random codes: the test databases and the broker outlive a run, and 30-odd random codes per run
 * meet each other within a run (birthday odds of about 5 %) and, after a few dozen runs, the facilities earlier
 * runs left behind, which then take a test's referrals. In turn, a code comes back only after 10,000 others.
 */
public final class TestAreas {

    private static final String DATABASE = "relais_test";
    private static final int CODES = 10_000;
    private static final String DUPLICATE_OBJECT = "42P07";
    private static final String UNIQUE_VIOLATION = "23505";

    private TestAreas() {
    }

    /** The next code, never handed out to any test of this machine among the last 9,999. */
    public static String next() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            createSequence(statement);
            try (ResultSet row = statement.executeQuery("SELECT nextval('test_area')")) {
                row.next();
                return "9" + String.format("%04d", row.getLong(1) % CODES);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take a test postal code from database " + DATABASE
                    + " (start what the tests need with deploy/relais infra): " + e.getMessage(), e);
        }
    }

    private static void createSequence(Statement statement) throws SQLException {
        String create = "CREATE SEQUENCE IF NOT EXISTS test_area MINVALUE 0 MAXVALUE " + (CODES - 1) + " CYCLE";
        try {
            statement.execute(create);
        } catch (SQLException e) {
            // Two JVMs creating it at the same moment: one of them gets a catalog conflict, and the sequence exists.
            if (!DUPLICATE_OBJECT.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static Connection connect() throws SQLException {
        String host = env("RELAIS_DB_HOST", "127.0.0.1");
        String port = env("RELAIS_DB_PORT", "5432");
        Properties credentials = new Properties();
        credentials.setProperty("user", env("RELAIS_DB_USER", "postgres"));
        credentials.setProperty("password", env("RELAIS_DB_PASSWORD", ""));
        // The driver itself, not DriverManager: a Quarkus test run loads this class once per application class
        // loader, and DriverManager refuses a driver registered from a class loader that is not the caller's.
        return new Driver().connect("jdbc:postgresql://" + host + ":" + port + "/" + DATABASE, credentials);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
