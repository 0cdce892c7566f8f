package dev.parley.bench;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the stack under test runs: by default the one {@code bin/parley-dev up} started (Keycloak on 8180,
 * WildFly on 8280); {@code PARLEY_KEYCLOAK_URL} and {@code PARLEY_GATEWAY_URL} point elsewhere.
 *
 * @param docs the project's {@code docs/} directory, for the report and charts
 */
public record BenchContext(URI keycloak, URI gateway, String realm, Path docs) {

    static BenchContext fromEnvironment(Path projectRoot) {
        return new BenchContext(
                URI.create(System.getenv().getOrDefault("PARLEY_KEYCLOAK_URL", "http://localhost:8180")),
                URI.create(System.getenv().getOrDefault("PARLEY_GATEWAY_URL", "http://localhost:8280")),
                "parley",
                projectRoot.resolve("docs"));
    }
}
