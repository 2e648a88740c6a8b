package org.relais.bench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the platform under test is: the gateway, each service, its databases, the infrastructure, and the launcher's
 * state folder with the pid files. The launcher passes the platform's addresses and database prefix (the live one or
 * the test platform, see deploy/relais); Kafka and PostgreSQL come from the same environment variables it exports.
 */
public record Target(
        String gatewayUrl,
        Map<String, String> serviceUrls,
        String databasePrefix,
        String kafkaBootstrap,
        String dbHost,
        int dbPort,
        String dbUser,
        String dbPassword,
        Path stateDir,
        Path launcher) {

    /** Service names, as in the launcher and its pid files, in its start order (gateway last). */
    private static final List<String> SERVICE_NAMES = List.of("capacity-service", "referral-service", "patrol-service", "gateway");

    public static Target fromEnvironment(String gatewayUrl, Map<String, String> serviceUrls, String databasePrefix, Path stateDir,
            Path launcher) {
        Map<String, String> env = System.getenv();
        return new Target(
                gatewayUrl,
                Map.copyOf(serviceUrls),
                databasePrefix,
                env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                env.getOrDefault("RELAIS_DB_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("RELAIS_DB_PORT", "5432")),
                env.getOrDefault("RELAIS_DB_USER", "postgres"),
                env.getOrDefault("RELAIS_DB_PASSWORD", ""),
                stateDir,
                launcher);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database;
    }

    /** The database of a service on this platform: {@code database("capacity")} is relais_capacity on the live one. */
    public String database(String service) {
        return databasePrefix + service;
    }

    public String serviceUrl(String service) {
        if ("gateway".equals(service)) {
            return gatewayUrl;
        }
        String url = serviceUrls.get(service);
        if (url == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        return url;
    }

    public Path pidFile(String process) {
        return stateDir.resolve("run").resolve(process + ".pid");
    }

    /** Service names in the launcher's start order (gateway last). */
    public static List<String> serviceNames() {
        return SERVICE_NAMES;
    }
}
