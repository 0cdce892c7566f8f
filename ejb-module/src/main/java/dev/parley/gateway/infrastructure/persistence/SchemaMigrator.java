package dev.parley.gateway.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Brings the gateway's schema to the version this build expects. The migrations in {@code db/migration}
 * are the only source of the schema; Hibernate never creates or alters a table.
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);

    @Resource(lookup = ParleyDataSource.JNDI_NAME)
    DataSource dataSource;

    public void migrate() {
        MigrateResult result = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table("parley_schema_history")
                .load()
                .migrate();
        LOG.infof("Database schema at version %s (%d migration(s) applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }
}
