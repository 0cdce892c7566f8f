package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.devstack.BuildLayout;
import dev.parley.gateway.interfaces.rest.ParleyApplication;
import dev.parley.keycloak.rest.ParleyResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access matrix of docs/protocol.md names exactly the endpoints and frame types the code has (found by
 * reflection): a new endpoint without a row fails here, before any server starts. {@code AccessMatrixIT} calls the rows.
 */
class AccessMatrixTest {

    @Test
    void everyEndpointAndFrameTypeHasARowAndEveryRowIsOne() {
        AccessMatrix matrix = AccessMatrix.read(BuildLayout.locate(Path.of("")).root().resolve("docs/protocol.md"));
        Set<String> endpoints = AccessMatrix.discover(ParleyApplication.class, ParleyResource.class);

        assertThat(endpoints).as("endpoints found in the code").contains("GET /api/v1/me", "WS /ws", "frame connect",
                "GET /realms/{realm}/parley/info", "GET /realms/{realm}/parley/users/{userId}").hasSizeGreaterThan(40);
        assertThat(endpoints).as("endpoints and frame types without a row in docs/protocol.md#access-matrix")
                .isSubsetOf(matrix.rows().keySet());
        assertThat(matrix.rows().keySet()).as("rows of docs/protocol.md#access-matrix that name no endpoint or frame type")
                .isSubsetOf(endpoints);
    }

    @Test
    void theTablesOfTheSectionAreReadAndOtherTablesSkipped(@TempDir Path dir) throws IOException {
        Path doc = dir.resolve("protocol.md");
        Files.writeString(doc, """
                ## Errors

                | endpoint or frame | a | b |
                | --- | --- | --- |
                | `GET /elsewhere` | 200 | 200 |

                ## Access matrix

                | principal | who |
                | --- | --- |
                | `a` | someone |

                | endpoint or frame | a | b |
                | --- | --- | --- |
                | `GET /x` | 200 | 401 token_missing |

                text

                | endpoint or frame | a | b |
                |---|---|---|
                | `frame ping` | pong | error not_connected |

                ## Next
                | endpoint or frame | a | b |
                | `GET /after` | 200 | 200 |
                """);

        AccessMatrix matrix = AccessMatrix.read(doc);

        assertThat(matrix.principals()).containsExactly("a", "b");
        assertThat(matrix.rows()).containsExactly(
                Map.entry("GET /x", Map.of("a", "200", "b", "401 token_missing")),
                Map.entry("frame ping", Map.of("a", "pong", "b", "error not_connected")));
    }

    @Test
    void tablesWithOtherColumnsOrShortRowsAreRefused(@TempDir Path dir) throws IOException {
        Path doc = dir.resolve("protocol.md");
        Files.writeString(doc, "## Access matrix\n\n| endpoint or frame | a |\n| --- | --- |\n| `GET /x` | 200 |\n\n"
                + "| endpoint or frame | b |\n| --- | --- |\n");
        assertThatThrownBy(() -> AccessMatrix.read(doc)).hasMessageContaining("differ in their columns");

        Files.writeString(doc, "## Access matrix\n\n| endpoint or frame | a | b |\n| --- | --- | --- |\n| `GET /x` | 200 |\n");
        assertThatThrownBy(() -> AccessMatrix.read(doc)).hasMessageContaining("2 cells, not 3");
    }

    @Test
    void pathsAreJoinedWithoutRegularExpressions() {
        assertThat(AccessMatrix.join("/api", "v1/conversations/", "{id: [0-9a-f-]+}/log")).isEqualTo("/api/v1/conversations/{id}/log");
        assertThat(AccessMatrix.join("/realms/{realm}/parley", "")).isEqualTo("/realms/{realm}/parley");
    }
}
