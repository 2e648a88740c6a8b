package org.relais.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.postgresql.Driver;

/**
 * Postal codes that keep a test's facilities and referrals apart from everything else: "9" + 4 digits, handed
 * out in turn by one PostgreSQL sequence ({@code test_area} in database {@code relais_test}, which the launcher
 * creates) for every test JVM of the machine and the end-to-end tests alike, skipping any code that some
 * Relais database of the server already holds.
 *
 * <p>Why not random codes: the test databases and the broker outlive a run, and 30-odd random codes per run
 * meet each other within a run (birthday odds of about 5 %) and, after a few dozen runs, the facilities earlier
 * runs left behind, which then take a test's referrals. The sequence keeps runs apart from each other; the skip
 * keeps them apart from what came before it (earlier random codes, a dropped and re-created sequence, a cycle
 * through all 10,000 codes). The codes in use are read once per JVM: whatever is written later in a test code
 * was written by a test that took that code from the same sequence.
 */
public final class TestAreas {

    private static final String DATABASE = "relais_test";
    private static final int CODES = 10_000;
    private static final String DUPLICATE_OBJECT = "42P07";
    private static final String UNIQUE_VIOLATION = "23505";
    /** One query per table that has an arrondissement column: the test codes it holds. */
    private static final String CODES_IN_USE_QUERIES = """
            SELECT format('SELECT DISTINCT arrondissement::text FROM %I.%I WHERE arrondissement::text LIKE %L',
                          table_schema, table_name, '9____')
            FROM information_schema.columns
            WHERE column_name = 'arrondissement' AND table_schema NOT IN ('pg_catalog', 'information_schema')""";

    private static Set<String> inUse;

    private TestAreas() {
    }

    /** The next code, never handed out to any test of this machine among the last 9,999, and holding no data. */
    public static synchronized String next() {
        try (Connection connection = connect(DATABASE); Statement statement = connection.createStatement()) {
            createSequence(statement);
            if (inUse == null) {
                inUse = codesInUse(connection);
            }
            for (int attempt = 0; attempt < CODES; attempt++) {
                try (ResultSet row = statement.executeQuery("SELECT nextval('test_area')")) {
                    row.next();
                    String code = "9" + String.format("%04d", row.getLong(1) % CODES);
                    if (!inUse.contains(code)) {
                        return code;
                    }
                }
            }
            throw new IllegalStateException("every test postal code 9xxxx holds data in a Relais database: "
                    + "drop the relais_*_test databases");
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

    /** The test codes held by any table of any other Relais database of the server. */
    private static Set<String> codesInUse(Connection testDatabase) throws SQLException {
        List<String> databases = new ArrayList<>();
        try (Statement statement = testDatabase.createStatement();
                ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database WHERE datallowconn "
                        + "AND datname LIKE 'relais%' AND datname <> '" + DATABASE + "'")) {
            while (rows.next()) {
                databases.add(rows.getString(1));
            }
        }
        Set<String> codes = new HashSet<>();
        for (String database : databases) {
            try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
                List<String> queries = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery(CODES_IN_USE_QUERIES)) {
                    while (rows.next()) {
                        queries.add(rows.getString(1));
                    }
                }
                for (String query : queries) {
                    try (ResultSet rows = statement.executeQuery(query)) {
                        while (rows.next()) {
                            codes.add(rows.getString(1));
                        }
                    }
                }
            }
        }
        return codes;
    }

    private static Connection connect(String database) throws SQLException {
        String host = env("RELAIS_DB_HOST", "127.0.0.1");
        String port = env("RELAIS_DB_PORT", "5432");
        Properties credentials = new Properties();
        credentials.setProperty("user", env("RELAIS_DB_USER", "postgres"));
        credentials.setProperty("password", env("RELAIS_DB_PASSWORD", ""));
        // The driver itself, not DriverManager: a Quarkus test run loads this class once per application class
        // loader, and DriverManager refuses a driver registered from a class loader that is not the caller's.
        Connection connection = new Driver().connect("jdbc:postgresql://" + host + ":" + port + "/" + database, credentials);
        if (connection == null) {
            throw new SQLException("no PostgreSQL connection to " + database);
        }
        return connection;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
