package dev.parley.it;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database a test run uses: H2 (always) or PostgreSQL (when {@code parley.it.db=postgresql}; the
 * server named by {@code parley.it.pg.url} must be reachable, or — outside CI — the run is skipped).
 */
enum TestDatabase {
    H2("H2"),
    POSTGRESQL("PostgreSQL");

    final String productName;

    TestDatabase(String productName) {
        this.productName = productName;
    }

    static TestDatabase current() {
        return "postgresql".equals(System.getProperty("parley.it.db", "h2")) ? POSTGRESQL : H2;
    }

    static String pgUrl() {
        return System.getProperty("parley.it.pg.url", "jdbc:postgresql://127.0.0.1:5432/parley_it");
    }

    static String pgUser() {
        return System.getProperty("parley.it.pg.user", "parley");
    }

    static String pgPassword() {
        return System.getProperty("parley.it.pg.password", "parley");
    }

    /** Whether something listens at the PostgreSQL URL's host and port. */
    static boolean postgresqlReachable() {
        URI uri = URI.create(pgUrl().substring("jdbc:".length()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort()), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Empties the PostgreSQL test schema so that every run starts from the first migration: {@code public},
     * or the URL's {@code currentSchema} — which lets several checkouts share one test database without
     * emptying each other's schema mid-run ({@code -Dparley.it.pg.url=jdbc:postgresql://host/db?currentSchema=mine}).
     */
    static void resetPostgresql() throws SQLException {
        String schema = pgSchema();
        try (Connection connection = DriverManager.getConnection(pgUrl(), pgUser(), pgPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            statement.execute("CREATE SCHEMA \"" + schema + "\"");
        }
    }

    static String pgSchema() {
        Matcher matcher = Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)").matcher(pgUrl());
        return matcher.find() ? matcher.group(1) : "public";
    }

    /** The properties {@code config/wildfly/postgresql.cli} reads. */
    static Map<String, String> postgresqlCliProperties(java.nio.file.Path driver) {
        return new dev.parley.devstack.PostgresqlDatabase(pgUrl(), pgUser(), pgPassword()).cliProperties(driver);
    }
}
