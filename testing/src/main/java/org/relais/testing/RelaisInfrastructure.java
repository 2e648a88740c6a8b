package org.relais.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.relais.testing.infrastructure.TestServers;

/**
 * Points the service under test at a PostgreSQL and a Kafka broker of the test JVM's own, never at the machine's
 * (see {@link TestServers}): its database ({@code relais.db.name} of the test profile, created empty) and the
 * platform's topics, created with their real settings.
 *
 * <p>Registered through {@code META-INF/services}, so Quarkus starts it for every {@code @QuarkusTest} of every module
 * that has this one on its test class path, test profiles included: no test class can forget it. The servers are
 * started by the first test class and kept until the JVM exits, whatever the Quarkus restarts between profiles;
 * {@link #stop()} leaves them.
 */
public class RelaisInfrastructure implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        // The test profile's value: a module without a database (the gateway) gets only the broker.
        String database = ConfigProvider.getConfig().getOptionalValue("relais.db.name", String.class).orElse("");
        @SuppressWarnings("unchecked")
        Map<String, String> config = (Map<String, String>) JvmWide.call(TestServers.class, "start",
                new Class<?>[] {String.class}, database);
        return config;
    }

    /** The broker the service under test uses (this JVM's own), for the tests' own producers and consumers. */
    public static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    @Override
    public void stop() {
        // The servers outlive each Quarkus application of the JVM: TestServers stops them when the JVM exits.
    }
}
