package dev.parley.devstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL database for the gateway instead of the embedded H2 one: what {@code config/wildfly/postgresql.cli}
 * needs to move the {@code ParleyDS} datasource there.
 */
public record PostgresqlDatabase(String url, String user, String password) {

    /**
     * The database named by {@code PARLEY_DB_URL} (user and password from {@code PARLEY_DB_USER} and
     * {@code PARLEY_DB_PASSWORD}, both {@code parley} by default); empty when it is not set (embedded H2).
     */
    public static Optional<PostgresqlDatabase> fromEnvironment() {
        String url = System.getenv("PARLEY_DB_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StackException("PARLEY_DB_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db), not " + url);
        }
        return Optional.of(new PostgresqlDatabase(url.trim(), env("PARLEY_DB_USER", "parley"), env("PARLEY_DB_PASSWORD", "parley")));
    }

    /** The properties {@code config/wildfly/postgresql.cli} reads, with the JDBC driver jar to deploy. */
    public Map<String, String> cliProperties(Path driver) {
        return Map.of("parley.db.url", url, "parley.db.user", user, "parley.db.password", password,
                "parley.db.driver", driver.toString());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
