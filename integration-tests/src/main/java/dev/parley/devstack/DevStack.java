package dev.parley.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * {@code bin/parley-dev up|down|status}: the whole stack on one machine, on embedded defaults — Keycloak
 * with the Parley extension and the {@code parley} realm (H2 file database), and WildFly with
 * {@code parley.ear} (H2 file database) — in {@code $PARLEY_DEV_HOME} (default {@code ~/.parley-dev}).
 * The processes it starts are recorded there by PID; {@code down} stops exactly those.
 */
public final class DevStack {

    static final int KEYCLOAK_HTTP_PORT = intEnv("PARLEY_KEYCLOAK_PORT", 8180);
    static final int KEYCLOAK_MANAGEMENT_PORT = intEnv("PARLEY_KEYCLOAK_MANAGEMENT_PORT", 9100);
    /** WildFly's ports moved by 200: HTTP 8280, management 10190; 8080 stays free. */
    static final int WILDFLY_PORT_OFFSET = intEnv("PARLEY_WILDFLY_PORT_OFFSET", 200);
    static final Duration KEYCLOAK_TIMEOUT = Duration.ofMinutes(5);
    static final Duration WILDFLY_TIMEOUT = Duration.ofMinutes(3);
    /** The gateway's database: PostgreSQL when {@code PARLEY_DB_URL} names one, else embedded H2. */
    static final java.util.Optional<PostgresqlDatabase> DATABASE = PostgresqlDatabase.fromEnvironment();

    private final BuildLayout build;
    private final Path home;
    private final PrintStream out;

    DevStack(BuildLayout build, Path home, PrintStream out) {
        this.build = build;
        this.home = home;
        this.out = out;
    }

    /** Where the dev stack lives: {@code $PARLEY_DEV_HOME}, by default {@code ~/.parley-dev}. */
    public static Path home() {
        return Path.of(System.getenv().getOrDefault("PARLEY_DEV_HOME", System.getProperty("user.home") + "/.parley-dev"));
    }

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "status";
        Path home = home();
        DevStack stack = new DevStack(BuildLayout.locate(Path.of("")), home, System.out);
        try {
            int exit = switch (command) {
                case "up" -> stack.up();
                case "down" -> stack.down();
                case "status" -> stack.status();
                default -> {
                    System.err.println("Unknown command '" + command + "'. Use: up, down, status, logs.");
                    yield 2;
                }
            };
            System.exit(exit);
        } catch (StackException | IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Starts whatever of the stack is not running: both on a first run, only the dead one after a crash or a
     * {@code kill -9} of one of them. A running WildFly gets a newly built {@code parley.ear}.
     */
    int up() throws IOException {
        build.requireBuilt();
        StackState state = StackState.read(home);
        boolean keycloakRunning = state.keycloakAlive();
        boolean wildflyRunning = state.wildflyAlive();
        if (keycloakRunning && wildflyRunning) {
            out.println("The Parley dev stack is already running.");
            redeployIfRebuilt();
            printSummary();
            return 0;
        }
        if (keycloakRunning || wildflyRunning) {
            out.println((keycloakRunning ? "Keycloak" : "WildFly") + " is running; starting "
                    + (keycloakRunning ? "WildFly" : "Keycloak") + ", which is not.");
        }
        if (!keycloakRunning) {
            requireFree(KEYCLOAK_HTTP_PORT, "Keycloak HTTP", "PARLEY_KEYCLOAK_PORT");
            requireFree(KEYCLOAK_MANAGEMENT_PORT, "Keycloak management", "PARLEY_KEYCLOAK_MANAGEMENT_PORT");
        }
        if (!wildflyRunning) {
            for (int port : WildFlyServer.BASE_PORTS) {
                requireFree(port + WILDFLY_PORT_OFFSET, "WildFly", "PARLEY_WILDFLY_PORT_OFFSET");
            }
        }

        KeycloakServer keycloak = keycloak();
        WildFlyServer wildfly = wildfly();
        if (!keycloakRunning) {
            out.println("Preparing Keycloak " + BuildLayout.KEYCLOAK_VERSION + " in " + home.resolve("keycloak"));
            keycloak.install(build.keycloakDistribution(), build.keycloakExtension(), build.realmJson());
        }
        if (!wildflyRunning) {
            out.println("Preparing WildFly with parley.ear in " + home.resolve("wildfly"));
            installWildFly(wildfly);
        }

        if (!keycloakRunning) {
            keycloak.start();
        }
        if (!wildflyRunning) {
            wildfly.start();
        }
        long keycloakPid = keycloakRunning ? state.keycloakPid() : keycloak.process().pid();
        long wildflyPid = wildflyRunning ? state.wildflyPid() : wildfly.process().pid();
        new StackState(home, keycloakPid, wildflyPid).write();

        try {
            if (!keycloakRunning) {
                out.println("Starting Keycloak (the first start builds it with the Parley extension: about a minute)");
                Progress keycloakProgress = new Progress(out);
                keycloak.awaitReady(KEYCLOAK_TIMEOUT, keycloakProgress.ticker("Keycloak"));
                keycloakProgress.done("Keycloak is ready");
            }
            if (wildflyRunning) {
                redeployIfRebuilt();
            } else {
                out.println("Starting WildFly and deploying parley.ear");
                Progress wildflyProgress = new Progress(out);
                wildfly.awaitReady(WILDFLY_TIMEOUT, wildflyProgress.ticker("WildFly"));
                wildflyProgress.done("WildFly is ready");
            }
        } catch (StackException e) {
            out.println();
            out.println("error: " + e.getMessage());
            out.println("Last lines of the logs (full logs: bin/parley-dev logs):");
            Files2.tail(keycloak.log(), 15).forEach(line -> out.println("  keycloak | " + line));
            Files2.tail(wildfly.log(), 15).forEach(line -> out.println("  wildfly  | " + line));
            out.println("Stopping the stack. Fix the cause above and run bin/parley-dev up again.");
            down();
            return 1;
        }
        printSummary();
        return 0;
    }

    private void redeployIfRebuilt() throws IOException {
        if (wildfly().deploy(build.ear())) {
            out.println("Redeploying the newly built parley.ear");
        }
    }

    int down() {
        StackState state = StackState.read(home);
        if (!state.anyAlive()) {
            out.println("The Parley dev stack is not running.");
            StackState.delete(home);
            return 0;
        }
        if (state.wildflyAlive()) {
            out.println("Stopping WildFly (pid " + state.wildflyPid() + ")");
            ManagedProcess.ofPid(state.wildflyPid()).stop();
        }
        if (state.keycloakAlive()) {
            out.println("Stopping Keycloak (pid " + state.keycloakPid() + ")");
            ManagedProcess.ofPid(state.keycloakPid()).stop();
        }
        StackState.delete(home);
        out.println("Stopped.");
        return 0;
    }

    int status() {
        StackState state = StackState.read(home);
        KeycloakServer keycloak = keycloak();
        WildFlyServer wildfly = wildfly();
        out.printf("Keycloak  %-8s %s%n", state.keycloakAlive() ? "running" : "stopped",
                state.keycloakAlive() ? describe(Http.status(keycloak.realmDiscoveryUri())) : "");
        out.printf("WildFly   %-8s %s%n", state.wildflyAlive() ? "running" : "stopped",
                state.wildflyAlive() ? describe(Http.status(wildfly.readinessUri())) : "");
        if (!state.anyAlive()) {
            out.println("Start it with: bin/parley-dev up");
            return 3;
        }
        return state.keycloakAlive() && state.wildflyAlive() ? 0 : 3;
    }

    private void printSummary() {
        KeycloakServer keycloak = keycloak();
        WildFlyServer wildfly = wildfly();
        out.println();
        out.println("Parley is up.");
        out.println("  Web client             " + wildfly.gatewayUri() + "app/  (sign in as a demo user)");
        out.println("  Gateway (parley.ear)   " + wildfly.gatewayUri());
        out.println("  Gateway API            " + wildfly.gatewayUri() + "api/v1/me");
        out.println("  Gateway health         " + wildfly.readinessUri() + "  (and /health/live)");
        out.println("  Gateway database       " + DATABASE.map(PostgresqlDatabase::url)
                .orElse("embedded H2 in " + home.resolve("wildfly/standalone/data/parley")));
        out.println("  Keycloak realm         " + keycloak.realmUri());
        out.println("  Keycloak admin console " + keycloak.adminConsoleUri() + "  (admin / admin)");
        out.println("  Demo users             alice / alice, bob / bob, carol / carol");
        out.println("  Logs                   " + home.resolve("logs") + "  (bin/parley-dev logs)");
        out.println();
        out.println("Try it:");
        out.println("  TOKEN=$(curl -s -d grant_type=password -d client_id=parley-cli -d username=alice -d password=alice \\");
        out.println("      " + keycloak.realmUri() + "/protocol/openid-connect/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
        out.println("  curl -H \"Authorization: Bearer $TOKEN\" " + wildfly.gatewayUri() + "api/v1/me");
        out.println();
        out.println("Stop everything with: bin/parley-dev down");
    }

    private KeycloakServer keycloak() {
        return new KeycloakServer(home.resolve("keycloak"), KEYCLOAK_HTTP_PORT, KEYCLOAK_MANAGEMENT_PORT,
                KeycloakServer.Database.DEV_FILE, home.resolve("logs/keycloak.log"));
    }

    private WildFlyServer wildfly() {
        KeycloakServer keycloak = keycloak();
        return new WildFlyServer(home.resolve("wildfly"), home.resolve("wildfly/standalone"), WILDFLY_PORT_OFFSET,
                home.resolve("logs/wildfly.log"))
                .systemProperty("parley.oidc.issuer", keycloak.realmUri().toString())
                .systemProperty("parley.oidc.client-id", KeycloakServer.GATEWAY_CLIENT_ID)
                .systemProperty("parley.oidc.client-secret", KeycloakServer.GATEWAY_CLIENT_SECRET);
    }

    /**
     * Copies the provisioned WildFly into the dev home, again whenever the build provisioned a different one
     * (its pristine configuration changed); the gateway's H2 database is carried over.
     */
    private void installWildFly(WildFlyServer wildfly) throws IOException {
        Path target = home.resolve("wildfly");
        Path stamp = home.resolve("wildfly.provisioned");
        String provisioned = sha256(build.wildflyHome().resolve("standalone/configuration/standalone.xml"))
                + DATABASE.map(database -> " " + database.url()).orElse("");
        String installed = Files.exists(stamp) ? Files.readString(stamp).strip() : "";
        if (!provisioned.equals(installed) || !Files.exists(target.resolve("bin/standalone.sh"))) {
            Path data = target.resolve("standalone/data/parley");
            Path keep = home.resolve("parley-data.keep");
            if (Files.exists(data)) {
                Files2.deleteTree(keep);
                Files.move(data, keep);
            }
            Files2.deleteTree(target);
            Files2.copyTree(build.wildflyHome(), target);
            if (Files.exists(keep)) {
                Files.createDirectories(data.getParent());
                Files.move(keep, data);
            }
            if (DATABASE.isPresent()) {
                out.println("Moving the gateway's datasource to " + DATABASE.get().url() + " (config/wildfly/postgresql.cli)");
                WildFlyCli.runOffline(wildfly, build.wildflyScript("postgresql.cli"),
                        DATABASE.get().cliProperties(build.postgresqlDriver()), home.resolve("logs/jboss-cli.log"));
            }
            Files.writeString(stamp, provisioned);
        }
        wildfly.deploy(build.ear());
    }

    private void requireFree(int port, String what, String variable) {
        if (!Ports.isFree(port)) {
            throw new StackException("Port " + port + " (" + what + ") is already in use by another program. Stop it,"
                    + " or choose other ports with " + variable + ".");
        }
    }

    private static String describe(int status) {
        return status == 200 ? "ready" : status < 0 ? "not answering" : "not ready (HTTP " + status + ")";
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            in.transferTo(new OutputStream() {
                @Override
                public void write(int b) {
                    digest.update((byte) b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    digest.update(bytes, offset, length);
                }
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
