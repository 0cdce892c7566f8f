package dev.parley.gateway.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Brings the gateway's schema to the version this build expects. The migrations are the only source of the schema;
 * Hibernate never creates or alters a table. They live in {@code db/migration} (SQL that H2 and PostgreSQL both
 * accept) and, for what only one of them can say (a partial index), in {@code db/vendor/h2} and
 * {@code db/vendor/postgresql}: one version sequence across all of them, a vendor migration exists in both vendor
 * folders under the same version.
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);

    @Resource(lookup = ParleyDataSource.JNDI_NAME)
    DataSource dataSource;

    public void migrate() {
        MigrateResult result = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor())
                .table("parley_schema_history")
                .load()
                .migrate();
        LOG.infof("Database schema at version %s (%d migration(s) applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        makeCommitsDurableOnH2();
    }

    /** {@code h2} or {@code postgresql}: the folder of the database's own migrations. */
    private String vendor() {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            return switch (product) {
                case "H2" -> "h2";
                case "PostgreSQL" -> "postgresql";
                default -> throw new IllegalStateException("Unsupported database " + product + "; use H2 or PostgreSQL");
            };
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot reach the database: " + e.getMessage(), e);
        }
    }

    /**
     * H2 writes committed changes to its file up to {@code WRITE_DELAY} (500 ms) later; a killed gateway would lose
     * messages it had already acknowledged. With 0, every commit reaches the file before the answer (a persistent
     * database setting). PostgreSQL needs nothing: a commit is durable when it returns.
     */
    private void makeCommitsDurableOnH2() {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            if ("H2".equals(connection.getMetaData().getDatabaseProductName())) {
                try (java.sql.Statement statement = connection.createStatement()) {
                    statement.execute("SET WRITE_DELAY 0");
                }
            }
        } catch (java.sql.SQLException e) {
            LOG.warnf("Could not make H2 write every commit at once (SET WRITE_DELAY 0): %s", e.getMessage());
        }
    }
}
