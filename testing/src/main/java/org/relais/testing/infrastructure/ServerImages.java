package org.relais.testing.infrastructure;

/** Where the test servers come from: one implementation per way a machine can run containers. */
interface ServerImages {

    /** A PostgreSQL 15 server, superuser {@link TestServers#USER} / {@link TestServers#PASSWORD}, started and ready. */
    Server postgres();

    /** A single-node Kafka 4.1 broker (KRaft), started and ready. */
    Server kafka();

    /** For the log: which images, and how they are reached. */
    String description();

    /**
     * The images {@code deploy/relais containers up} built on this machine when it says so (RELAIS_POSTGRES_IMAGE and
     * RELAIS_KAFKA_IMAGE, both or neither); otherwise the official images from a registry.
     */
    static ServerImages chosen() {
        String postgres = System.getenv("RELAIS_POSTGRES_IMAGE");
        String kafka = System.getenv("RELAIS_KAFKA_IMAGE");
        boolean hasPostgres = postgres != null && !postgres.isBlank();
        boolean hasKafka = kafka != null && !kafka.isBlank();
        if (hasPostgres != hasKafka) {
            throw new IllegalStateException("RELAIS_POSTGRES_IMAGE and RELAIS_KAFKA_IMAGE go together (both or neither): "
                    + "eval \"$(deploy/relais containers env)\" sets both");
        }
        return hasPostgres ? new LocalImages(postgres, kafka) : new OfficialImages();
    }
}
