package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.devstack.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code parley} CLI end to end against the real Keycloak and gateway, one JVM per command and one state
 * directory per user ({@link CliProcess}). The device grant is approved the way a person does it, through
 * Keycloak's own pages ({@link DeviceApproval}); the {@code --dev-password} flag is tested on its own.
 */
@ExtendWith(ParleyStack.class)
class ClientCliIT {

    private static ParleyStack.Running stack;
    private static Keycloak keycloak;

    @TempDir
    Path home;

    @BeforeAll
    static void connect(ParleyStack.Running running) {
        stack = running;
        keycloak = new Keycloak(running.keycloak());
    }

    @Test
    void loginWithTheDeviceGrantApprovedInTheBrowserThenWhoami() throws Exception {
        Path alice = configuredStateDir("alice");

        CliProcess login = CliProcess.start(alice, "login");
        String verificationUri = login.awaitLine(line -> line.contains("/device"), Duration.ofSeconds(60)).trim();
        String userCode = login.awaitLine(line -> line.startsWith("and enter the code: "), Duration.ofSeconds(5))
                .substring("and enter the code: ".length());
        String complete = login.awaitLine(line -> line.contains("user_code="), Duration.ofSeconds(5)).trim();
        assertThat(URI.create(verificationUri)).hasHost("localhost").hasPort(stack.keycloak().httpPort());
        assertThat(complete).startsWith(verificationUri).contains(userCode);

        String finalPage = new DeviceApproval().signIn(URI.create(complete), "alice", "alice", true);

        assertThat(finalPage).contains("Device Login Successful");
        CliProcess.Result result = login.finish(Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Signed in as alice.");
        assertOwnerOnly(alice);

        CliProcess.Result whoami = CliProcess.run(alice, "whoami", "--json");
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        JsonNode me = HttpCalls.JSON.readTree(whoami.out());
        assertThat(me.get("user_id").asText()).isEqualTo(Keycloak.claims(keycloak.accessToken("alice")).get("sub").asText());
        assertThat(me.get("username").asText()).isEqualTo("alice");
        assertThat(me.get("gateway_id").asText()).isEqualTo("gw_it");
        assertThat(me.get("protocol_version").asInt()).isEqualTo(1);
    }

    @Test
    void aDeniedDeviceGrantIsRefusedWithItsCode() throws Exception {
        Path carol = configuredStateDir("carol");

        CliProcess login = CliProcess.start(carol, "login");
        String complete = login.awaitLine(line -> line.contains("user_code="), Duration.ofSeconds(60)).trim();
        new DeviceApproval().signIn(URI.create(complete), "carol", "carol", false);

        CliProcess.Result result = login.finish(Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
        assertThat(result.err()).contains("access_denied").contains("parley login").doesNotContain("\tat ");
        assertThat(carol.resolve("tokens.json")).doesNotExist();
    }

    @Test
    void devPasswordLoginIsLabelledAndWorks() {
        Path bob = configuredStateDir("bob");

        CliProcess.Result login = CliProcess.runWithInput(bob, "bob\n", "login", "--dev-password", "--username", "bob");

        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).contains("--dev-password").contains("development");
        assertThat(login.out()).contains("Signed in as bob.");
        assertOwnerOnly(bob);
        CliProcess.Result whoami = CliProcess.run(bob, "whoami");
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.out()).startsWith("bob (user id ");
    }

    @Test
    void aWrongDevPasswordIsRefused() {
        Path bob = configuredStateDir("bob-wrong");

        CliProcess.Result login = CliProcess.runWithInput(bob, "not-bobs\n", "login", "--dev-password", "--username", "bob");

        assertThat(login.exitCode()).as(login.toString()).isEqualTo(5);
        assertThat(login.err()).contains("invalid_grant").doesNotContain("\tat ");
    }

    @Test
    void aGarbageAccessTokenIsRefreshedOnce() throws IOException {
        Path bob = signedIn("bob");
        ObjectNode tokens = tokens(bob);
        String refreshToken = tokens.get("refresh_token").asText();
        tokens.put("access_token", "garbage");
        tokens.put("expires_at", Instant.now().plusSeconds(3600).toString());
        Files.writeString(bob.resolve("tokens.json"), tokens.toString());

        CliProcess.Result whoami = CliProcess.run(bob, "whoami", "--json");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(HttpCalls.JSON.readTree(whoami.out()).get("username").asText()).isEqualTo("bob");
        assertThat(tokens(bob).get("access_token").asText()).isNotEqualTo("garbage");
        assertThat(tokens(bob).get("refresh_token").asText()).isNotBlank().isNotEqualTo("garbage");
        assertThat(refreshToken).isNotBlank();
        assertOwnerOnly(bob);
    }

    @Test
    void anExpiredAccessTokenIsRefreshedBeforeTheCall() throws IOException {
        Path bob = signedIn("bob");
        ObjectNode tokens = tokens(bob);
        String accessToken = tokens.get("access_token").asText();
        tokens.put("expires_at", Instant.now().minusSeconds(60).toString());
        Files.writeString(bob.resolve("tokens.json"), tokens.toString());

        CliProcess.Result whoami = CliProcess.run(bob, "whoami");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(tokens(bob).get("access_token").asText()).isNotEqualTo(accessToken);
    }

    @Test
    void aDeadSessionIsNotSignedIn() throws IOException {
        Path bob = signedIn("bob");
        ObjectNode tokens = tokens(bob);
        tokens.put("access_token", "garbage");
        tokens.put("refresh_token", "garbage");
        Files.writeString(bob.resolve("tokens.json"), tokens.toString());

        CliProcess.Result whoami = CliProcess.run(bob, "whoami");

        assertThat(whoami.exitCode()).as(whoami.toString()).isEqualTo(3);
        assertThat(whoami.err()).contains("not_signed_in").contains("parley login").doesNotContain("\tat ");
        assertThat(whoami.out()).isEmpty();
        assertThat(bob.resolve("tokens.json")).doesNotExist();
    }

    @Test
    void logoutEndsTheSessionAtTheRealm() throws IOException {
        Path carol = signedIn("carol");
        String refreshToken = tokens(carol).get("refresh_token").asText();

        CliProcess.Result logout = CliProcess.run(carol, "logout");

        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(logout.out()).contains("Signed out.");
        assertThat(carol.resolve("tokens.json")).doesNotExist();
        var refresh = HttpCalls.postForm(URI.create(stack.keycloak().realmUri() + "/protocol/openid-connect/token"),
                Map.of("grant_type", "refresh_token", "client_id", Keycloak.CLI_CLIENT, "refresh_token", refreshToken));
        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(400);
        assertThat(HttpCalls.json(refresh).get("error").asText()).isEqualTo("invalid_grant");
        CliProcess.Result whoami = CliProcess.run(carol, "whoami");
        assertThat(whoami.exitCode()).isEqualTo(3);
    }

    @Test
    void anUnreachableGatewayIsItsOwnExitCode() {
        Path bob = signedIn("bob");
        CliProcess.run(bob, "config", "set", "gateway.url", "http://127.0.0.1:" + Ports.anyFree() + "/parley/");

        CliProcess.Result whoami = CliProcess.run(bob, "whoami");

        assertThat(whoami.exitCode()).as(whoami.toString()).isEqualTo(4);
        assertThat(whoami.err()).contains("unreachable").contains("cannot reach http://127.0.0.1:");
    }

    /** A state directory for {@code user} that points at the stack under test. */
    private Path configuredStateDir(String user) {
        Path state = home.resolve(user);
        for (String[] setting : new String[][] {
                {"gateway.url", stack.wildfly().gatewayUri().toString()},
                {"realm.url", stack.keycloak().realmUri().toString()}}) {
            CliProcess.Result result = CliProcess.run(state, "config", "set", setting[0], setting[1]);
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
        return state;
    }

    private Path signedIn(String user) {
        Path state = configuredStateDir(user);
        CliProcess.Result login = CliProcess.runWithInput(state, user + "\n", "login", "--dev-password", "--username", user);
        assertThat(login.exitCode()).as(login.toString()).isZero();
        return state;
    }

    private static ObjectNode tokens(Path state) throws IOException {
        return (ObjectNode) HttpCalls.JSON.readTree(state.resolve("tokens.json").toFile());
    }

    private static void assertOwnerOnly(Path state) {
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
            try (var files = Files.list(state)) {
                files.forEach(file -> {
                    try {
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                                .isEqualTo("rw-------");
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
