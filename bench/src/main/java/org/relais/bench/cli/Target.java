package org.relais.bench.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the platform under test is: the gateway, the infrastructure, and the launcher's state folder with
 * the pid files. Read from the same environment variables the launcher exports.
 */
public record Target(
        String gatewayUrl,
        String kafkaBootstrap,
        String dbHost,
        int dbPort,
        String dbUser,
        String dbPassword,
        Path stateDir,
        Path launcher) {

    /** Each service's name (as in the launcher and its pid file) and port. */
    public static final Map<String, Integer> SERVICES;

    static {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("capacity-service", 8081);
        services.put("referral-service", 8082);
        services.put("patrol-service", 8083);
        services.put("gateway", 8080);
        SERVICES = Map.copyOf(services);
    }

    public static Target fromEnvironment(String gatewayUrl, Path stateDir, Path launcher) {
        Map<String, String> env = System.getenv();
        return new Target(
                gatewayUrl,
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

    public String serviceUrl(String service) {
        return "http://127.0.0.1:" + SERVICES.get(service);
    }

    public Path pidFile(String process) {
        return stateDir.resolve("run").resolve(process + ".pid");
    }

    /** Service names in the launcher's start order (gateway last). */
    public static java.util.List<String> serviceNames() {
        return java.util.List.of("capacity-service", "referral-service", "patrol-service", "gateway");
    }
}
