package org.relais.testing.infrastructure;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The official images, pulled from a registry, with Docker's ordinary port mapping: a developer's machine or a hosted
 * CI with Docker. Testcontainers' own modules know how to wait for them and where their ports are mapped.
 */
final class OfficialImages implements ServerImages {

    static final String POSTGRES = "postgres:15";
    /** The Kafka version of the launcher's broker (deploy/kafka/pom.xml). */
    static final String KAFKA = "apache/kafka:4.1.1";

    @Override
    public Server postgres() {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(POSTGRES))
                .withUsername(TestServers.USER)
                .withPassword(TestServers.PASSWORD)
                .withLabel(TestServers.JVM_LABEL, TestServers.jvm());
        container.start();
        return new Server(container,
                container.getHost() + ":" + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT));
    }

    @Override
    public Server kafka() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA))
                .withLabel(TestServers.JVM_LABEL, TestServers.jvm());
        container.start();
        return new Server(container, container.getBootstrapServers());
    }

    @Override
    public String description() {
        return "official images " + POSTGRES + " and " + KAFKA + ", ports mapped by Docker";
    }
}
