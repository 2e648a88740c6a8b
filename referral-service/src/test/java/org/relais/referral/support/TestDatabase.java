package org.relais.referral.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The service's test database seen from outside the application: a connection of the test's own. */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** A connection to the service's database (the test server's, as configured), outside the application's pool. */
    public static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        Properties credentials = new Properties();
        credentials.setProperty("user", config.getValue("quarkus.datasource.username", String.class));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(password -> credentials.setProperty("password", password));
        // The driver itself, not DriverManager: it refuses a driver registered from another class loader.
        return new org.postgresql.Driver().connect(config.getValue("quarkus.datasource.jdbc.url", String.class), credentials);
    }
}
