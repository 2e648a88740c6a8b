package org.relais.capacity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.relais.testing.TestTokenResource;

/**
 * A release starts against a database that a newer release already migrated: the older instances during a rolling
 * update, a rollback, or a machine whose databases a newer checkout touched. Migrations only add, so an applied
 * version this release does not know must not stop it (it did: every database service refused to start).
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class NewerSchemaIT {


    @Inject
    Flyway flyway;

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** A newer release's own migration, numbered after every one this release knows. */
    @Test
    void aServiceMigrationFromANewerReleaseDoesNotFailValidation() {
        assertValidWithAppliedVersion("9999");
    }

    /** A newer release's shared migration (outbox, audit: numbered 0.x, applied out of order). */
    @Test
    void aSharedMigrationFromANewerReleaseDoesNotFailValidation() {
        assertValidWithAppliedVersion("0.99");
    }

    private void assertValidWithAppliedVersion(String version) {
        try {
            pool.query("""
                            INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,
                                checksum, installed_by, execution_time, success)
                            SELECT max(installed_rank) + 1, '%s', 'from a newer release', 'SQL',
                                'V%s__from_a_newer_release.sql', 1, current_user, 1, true
                            FROM flyway_schema_history""".formatted(version, version.replace('.', '_')))
                    .execute().await().indefinitely();

            // The service's own Flyway settings on a fresh connection: the pooled one Flyway used at start may have
            // been closed since, by another test's database restart.
            ValidateResult result = Flyway.configure().configuration(flyway.getConfiguration())
                    .dataSource(jdbcUrl, user, password.orElse("")).load().validateWithResult();

            assertTrue(result.validationSuccessful, () -> "validation failed: " + result.getAllErrorMessages());
        } finally {
            pool.query("DELETE FROM flyway_schema_history WHERE version = '" + version + "'")
                    .execute().await().indefinitely();
        }
    }
}
