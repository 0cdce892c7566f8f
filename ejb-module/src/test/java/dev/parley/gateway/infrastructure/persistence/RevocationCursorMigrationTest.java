package dev.parley.gateway.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The revocation cursor becomes one per node (V10) on H2, keeping the cursor of the gateway that ran before. */
class RevocationCursorMigrationTest {

    private static final String URL = "jdbc:h2:mem:revocation_cursor;DB_CLOSE_DELAY=-1";

    @Test
    void keepsTheSingleGatewaysCursorAndTakesOneRowPerNode() throws SQLException {
        migrateTo("9");
        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO revocation_cursor (feed, last_seq, updated_at) VALUES ('keycloak', 42, CURRENT_TIMESTAMP)");

            migrateTo("10");

            statement.executeUpdate("INSERT INTO revocation_cursor (feed, node_name, last_seq, updated_at) VALUES ('keycloak', 'node-a', 50, CURRENT_TIMESTAMP)");
            statement.executeUpdate("INSERT INTO revocation_cursor (feed, node_name, last_seq, updated_at) VALUES ('keycloak', 'node-b', 45, CURRENT_TIMESTAMP)");
            assertThat(rows(statement)).containsExactly(":42", "node-a:50", "node-b:45");
            assertThatThrownBy(() -> statement.executeUpdate(
                    "INSERT INTO revocation_cursor (feed, node_name, last_seq, updated_at) VALUES ('keycloak', 'node-a', 60, CURRENT_TIMESTAMP)"))
                    .isInstanceOf(SQLException.class);
        }
    }

    private static void migrateTo(String version) {
        Flyway.configure(RevocationCursorMigrationTest.class.getClassLoader())
                .dataSource(URL, "sa", "")
                .locations("classpath:db/migration", "classpath:db/vendor/h2")
                .table("parley_schema_history")
                .target(version)
                .load()
                .migrate();
    }

    private static List<String> rows(Statement statement) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT node_name, last_seq FROM revocation_cursor ORDER BY node_name")) {
            while (result.next()) {
                rows.add(result.getString(1) + ":" + result.getLong(2));
            }
        }
        return rows;
    }
}
