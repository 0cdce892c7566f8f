package dev.parley.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Keycloak distribution with the Parley extension in {@code providers/} and the {@code parley} realm
 * imported at start, run in development mode on loopback.
 */
public final class KeycloakServer {

    public static final String REALM = "parley";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    /** The gateway's confidential client and its development secret (config/keycloak/parley-realm.json). */
    public static final String GATEWAY_CLIENT_ID = "parley-gateway";
    public static final String GATEWAY_CLIENT_SECRET = "parley-gateway-dev-secret";

    /** Where Keycloak keeps its data: in memory (tests) or in an H2 file under {@code data/} (dev stack). */
    public enum Database {
        DEV_MEM("dev-mem"), DEV_FILE("dev-file");

        final String option;

        Database(String option) {
            this.option = option;
        }
    }

    private final Path home;
    private final int httpPort;
    private final int managementPort;
    private final Database database;
    private final Path log;
    private ManagedProcess process;

    public KeycloakServer(Path home, int httpPort, int managementPort, Database database, Path log) {
        this.home = home;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.database = database;
        this.log = log;
    }

    /**
     * Makes {@code home} a Keycloak with the given extension and realm: copies the distribution the first
     * time, then only what changed (an unchanged provider jar is not touched, so no re-build is triggered).
     */
    public void install(Path distribution, Path providerJar, Path realmJson) throws IOException {
        if (!Files.exists(home.resolve("bin/kc.sh"))) {
            Files2.copyTree(distribution, home);
        }
        Files2.copyIfChanged(providerJar, home.resolve("providers").resolve(providerJar.getFileName()));
        Files2.copyIfChanged(realmJson, home.resolve("data/import/parley-realm.json"));
    }

    public void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--db=" + database.option,
                "--health-enabled=true",
                "--features=declarative-ui",
                // Keycloak 26's default brute-force detector refuses a user's sign-in while its previous one is still
                // being recorded off-thread (user_temporarily_disabled, no failed login at all): scripts and tests sign
                // the same user in back to back. Failed logins are still counted and still lock the user out.
                "--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true",
                "--import-realm"));
        process = ManagedProcess.start(command, home, Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx1g"), log);
    }

    /** Waits until the {@code parley} realm answers (realm imported, extension loaded). */
    public void awaitReady(Duration timeout, Runnable progress) {
        Http.awaitOk("Keycloak", realmDiscoveryUri(), timeout, () -> process.isAlive(), progress);
    }

    public void stop() {
        if (process != null) {
            process.stop();
        }
    }

    public void attach(ManagedProcess running) {
        this.process = running;
    }

    public ManagedProcess process() {
        return process;
    }

    public URI baseUri() {
        return URI.create("http://localhost:" + httpPort);
    }

    public URI realmUri() {
        return baseUri().resolve("/realms/" + REALM);
    }

    public URI realmDiscoveryUri() {
        return baseUri().resolve("/realms/" + REALM + "/.well-known/openid-configuration");
    }

    public URI adminConsoleUri() {
        return baseUri().resolve("/admin/master/console/#/" + REALM);
    }

    public Path log() {
        return log;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }
}
