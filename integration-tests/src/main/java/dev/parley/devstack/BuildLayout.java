package dev.parley.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the Maven build leaves what the stack runs. */
public record BuildLayout(Path root) {

    public static final String KEYCLOAK_VERSION = "26.7.3";

    /** The layout of the checkout containing the working directory (found by its {@code config/}). */
    public static BuildLayout locate(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("config/keycloak/parley-realm.json")) && Files.exists(dir.resolve("pom.xml"))) {
                return new BuildLayout(dir);
            }
        }
        throw new StackException("Run this inside a Parley checkout (no config/keycloak/parley-realm.json above "
                + start.toAbsolutePath() + ")");
    }

    /** The WildFly provisioned by the {@code ear} module, with {@code parley.ear} deployed. */
    public Path wildflyHome() {
        return root.resolve("ear/target/server");
    }

    public Path ear() {
        return root.resolve("ear/target/parley.ear");
    }

    public Path keycloakDistribution() {
        return root.resolve("integration-tests/target/keycloak/keycloak-" + KEYCLOAK_VERSION);
    }

    public Path keycloakExtension() {
        return root.resolve("keycloak-extension/target/parley-keycloak-extension.jar");
    }

    public Path realmJson() {
        return root.resolve("config/keycloak/parley-realm.json");
    }

    public Path wildflyScript(String name) {
        return root.resolve("config/wildfly").resolve(name);
    }

    public Path postgresqlDriver() {
        return root.resolve("integration-tests/target/jdbc/postgresql.jar");
    }

    /** Fails with the build command to run when a piece is missing. */
    public void requireBuilt() {
        List<Path> missing = Stream.of(wildflyHome().resolve("bin/standalone.sh"), ear(),
                        keycloakDistribution().resolve("bin/kc.sh"), keycloakExtension())
                .filter(path -> !Files.exists(path))
                .toList();
        if (!missing.isEmpty()) {
            throw new StackException("Not built yet: " + missing + ". Run 'mvn -DskipTests package' (bin/parley-dev up does).");
        }
    }
}
