package org.relais.testing.infrastructure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logging.Logger;
import org.postgresql.Driver;
import org.relais.events.TopicSettings;

/**
 * One PostgreSQL and one Kafka broker for the test JVM (one module's run), in containers: started on first use,
 * shared by every test class and every Quarkus restart of the JVM, stopped when it exits. Each run therefore starts
 * from an empty database and empty topics, and nothing it does reaches the machine's PostgreSQL or broker, nor
 * another module's run beside it.
 *
 * <p>The images are chosen once ({@link ServerImages#chosen()}) and logged. The broker gets the platform's topics with
 * their real settings ({@link TopicSettings}); PostgreSQL gets each database a service asks for, empty.
 *
 * <p>Called through {@code RelaisInfrastructure} on the copy of this class the JVM's own class loader holds, so that
 * its state is one per JVM and the containers' stop at exit never needs a class loader Quarkus has closed.
 */
public final class TestServers {

    static final String USER = "postgres";
    static final String PASSWORD = "relais-test";
    /** The test JVM that started a container: the launcher removes containers whose JVM is gone. */
    static final String JVM_LABEL = "org.relais.test-jvm";

    private static final Logger LOG = Logger.getLogger(TestServers.class);

    private static ServerImages images;
    private static Server kafka;
    private static Server postgres;
    private static final Set<String> DATABASES = new HashSet<>();
    private static final List<Server> STARTED = new ArrayList<>();

    private TestServers() {
    }

    /**
     * The configuration that points a service at the servers, starting them on the first call: the broker always,
     * PostgreSQL and the database when {@code database} is not empty.
     */
    public static synchronized Map<String, String> start(String database) {
        if (images == null) {
            images = ServerImages.chosen();
            LOG.infof("Test servers of this JVM: %s", images.description());
            Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stopAll, "relais-test-servers-stop"));
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka().address());
        // Its environment name follows it: Quarkus' Kafka extension hands every KAFKA_* name of the configuration to
        // the clients as well, so a KAFKA_BOOTSTRAP_SERVERS variable (the launcher exports one) would otherwise reach
        // them beside the resolved value, and might win. A test profile's own broker still wins over both.
        config.put("KAFKA_BOOTSTRAP_SERVERS", "${kafka.bootstrap.servers}");
        if (!database.isEmpty()) {
            String server = postgres().address();
            createDatabase(database);
            config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + server + "/" + database);
            config.put("quarkus.datasource.reactive.url", "postgresql://" + server + "/" + database);
            config.put("quarkus.datasource.username", USER);
            config.put("quarkus.datasource.password", PASSWORD);
        }
        return config;
    }

    static String jvm() {
        return Long.toString(ProcessHandle.current().pid());
    }

    private static Server kafka() {
        if (kafka == null) {
            kafka = started(images.kafka());
            createTopics(kafka.address());
            LOG.infof("Kafka for the tests at %s, topics %s", kafka.address(),
                    TopicSettings.ALL.stream().map(TopicSettings::name).toList());
        }
        return kafka;
    }

    private static Server postgres() {
        if (postgres == null) {
            postgres = started(images.postgres());
            LOG.infof("PostgreSQL for the tests at %s", postgres.address());
        }
        return postgres;
    }

    private static Server started(Server server) {
        STARTED.add(server);
        return server;
    }

    private static void createTopics(String bootstrapServers) {
        List<NewTopic> topics = TopicSettings.ALL.stream()
                .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()))
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the topics on the test broker " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void createDatabase(String database) {
        if (DATABASES.contains(database)) {
            return;
        }
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("password", PASSWORD);
        // The driver itself, not DriverManager: it refuses a driver registered from another class loader.
        try (Connection connection = new Driver().connect("jdbc:postgresql://" + postgres.address() + "/postgres",
                credentials)) {
            if (!exists(connection, database)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " on " + postgres.address(), e);
        }
        DATABASES.add(database);
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** At JVM exit, newest first. */
    private static synchronized void stopAll() {
        for (int i = STARTED.size() - 1; i >= 0; i--) {
            try {
                STARTED.get(i).container().stop();
            } catch (RuntimeException e) {
                LOG.warnf("could not stop a test container (%s): %s", STARTED.get(i).address(), e.getMessage());
            }
        }
    }
}
