package dev.parley.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.FakeServer;
import dev.parley.client.FakeServer.Answer;
import dev.parley.client.auth.TokenStore;
import dev.parley.client.auth.Tokens;
import dev.parley.client.device.DeviceKeys;
import dev.parley.client.device.KeyVault;
import dev.parley.client.device.PassphraseSource;
import dev.parley.client.state.Sealing;
import dev.parley.client.store.DeviceRecord;
import dev.parley.client.store.LocalStore;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.client.state.StateDirectory;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line in-process: parsing, output and exit codes, with scripted servers where one is needed. */
class ParleyCliTest {

    @TempDir
    Path home;

    /** One run of {@code parley}. */
    record Run(int exitCode, String out, String err) {
    }

    @Test
    void versionNamesTheProtocol() {
        Run run = parley("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("parley ").contains("(protocol 1)");
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Run run = parley("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("login", "logout", "whoami", "config", "devices", "contacts", "keypackages", "listen",
                "Exit codes:", "3  not signed in", "6  this device was revoked");
    }

    @Test
    void commandsThatNeedADeviceSayHowToGetOne() {
        signIn();
        for (String[] command : new String[][] {{"keypackages", "status"}, {"keypackages", "refill"}, {"listen"}}) {
            Run run = parley(command);

            assertThat(run.exitCode()).as(run.err()).isEqualTo(7);
            assertThat(run.err()).startsWith("error: this state directory has no registered device (no_device). "
                    + "Run 'parley devices register'.");
        }
    }

    @Test
    void encryptedKeysNeedThePassphrase() {
        signIn();
        StateDirectory state = new StateDirectory(home);
        DeviceKeys keys = new DeviceKeys("u1", Bytes.of(Sealing.randomBytes(32)), "laptop", Bytes.of(Sealing.randomBytes(32)),
                Bytes.of(Sealing.randomBytes(32)));
        new KeyVault(state, PassphraseSource.NONE).save(keys, "secret".toCharArray());
        try (LocalStore store = LocalStore.open(state)) {
            store.saveDevice(new DeviceRecord("parley", "u1", "alice", "laptop", "k", "fp", null, Instant.now(), null, null));
        }

        Run run = parley("keypackages", "refill");

        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(run.err()).contains("are encrypted and no passphrase was given (keys_locked)").contains("PARLEY_PASSPHRASE");
    }

    @Test
    void aRevokedDeviceExitsWith6() {
        signIn();
        try (LocalStore store = LocalStore.open(new StateDirectory(home))) {
            store.saveDevice(new DeviceRecord("parley", "u1", "alice", "laptop", "k", "fp", null, Instant.now(), null, null));
            store.markDeviceRevoked("device_deleted", Instant.now());
        }

        Run run = parley("listen");

        assertThat(run.exitCode()).isEqualTo(6);
        assertThat(run.err()).startsWith("error: this device (laptop) was revoked by an administrator (device_revoked).");
    }

    @Test
    void aBadDeviceIdIsAUsageError() {
        Run run = parley("devices", "register", "--id", "not/valid");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--id must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "logout", "whoami", "config", "config get", "config set", "config unset", "config list",
            "devices", "devices register", "devices list", "devices rename", "devices revoke", "contacts", "contacts list",
            "contacts request", "contacts accept", "contacts decline", "contacts cancel", "contacts remove", "contacts block",
            "contacts unblock", "contacts blocks", "contacts verify", "keypackages", "keypackages status", "keypackages refill", "listen"})
    void everyCommandHasHelpWithAnExample(String command) {
        Run run = parley((command + " --help").split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("Examples?:\\n  parley " + command.split(" ")[0]);
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(parley("frobnicate").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(parley("whoami", "--jsn").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(parley("config").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(parley("config", "set", "gateway.url").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(parley("login", "--username", "alice").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void badSettingsAreUsageErrorsInOneLine() {
        Run run = parley("config", "set", "realm.url", "not a url");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("error: realm.url must be").hasLineCount(1);
    }

    @Test
    void configRoundTrip() {
        assertThat(parley("config", "set", "gateway.url", "https://chat.example.com/parley/").out())
                .isEqualTo("gateway.url=https://chat.example.com/parley/\n");
        assertThat(parley("config", "get", "gateway.url").out()).isEqualTo("https://chat.example.com/parley/\n");
        assertThat(parley("config", "list").out()).contains("gateway.url=https://chat.example.com/parley/\n")
                .contains("realm.url=http://localhost:8180/realms/parley  (default)");
        assertThat(parley("config", "list", "--json").out()).contains("\"client.id\":\"parley-cli\"");
        assertThat(parley("config", "unset", "gateway.url").exitCode()).isZero();
        assertThat(parley("config", "get", "gateway.url").out()).isEqualTo("http://localhost:8280/parley/\n");
    }

    @Test
    void theStateDirOptionOverridesParleyHome() {
        Path other = home.resolve("other");

        parley("config", "set", "client.id", "elsewhere", "--state-dir", other.toString());

        assertThat(parley("config", "get", "client.id").out()).isEqualTo("parley-cli\n");
        assertThat(parley("config", "get", "client.id", "--state-dir", other.toString()).out()).isEqualTo("elsewhere\n");
    }

    @Test
    void whoamiWithoutASessionIsNotSignedIn() {
        Run run = parley("whoami");

        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_SIGNED_IN);
        assertThat(run.err()).isEqualTo("error: not signed in: no session is stored (not_signed_in). Run 'parley login'.\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnreachableGatewayExitsWith4() throws Exception {
        signIn();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        parley("config", "set", "gateway.url", "http://127.0.0.1:" + port + "/parley/");

        Run run = parley("whoami");

        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach http://127.0.0.1:" + port).contains("(unreachable)").hasLineCount(1);
    }

    @Test
    void whoamiPrintsTheGatewaysViewAndRefusalsExitWith5() {
        signIn();
        try (FakeServer gateway = new FakeServer()) {
            gateway.on("/parley/api/v1/me", request -> new Answer(200, """
                    {"user_id": "u-1", "username": "alice", "gateway_id": "gw", "served_by": "gw", "server_version": "1.0", "protocol_version": 1}"""));
            gateway.on("/refusing/api/v1/me", request -> new Answer(404, "{\"error\": \"not_found\", \"message\": \"Nothing here.\"}"));
            parley("config", "set", "gateway.url", gateway.uri("/parley/").toString());

            assertThat(parley("whoami").out()).isEqualTo("alice (user id u-1)\ngateway gw, served by gw, server 1.0, protocol 1\n");
            assertThat(parley("whoami", "--json").out()).isEqualTo("""
                    {"user_id":"u-1","username":"alice","gateway_id":"gw","served_by":"gw","server_version":"1.0","protocol_version":1}
                    """);

            parley("config", "set", "gateway.url", gateway.uri("/refusing/").toString());
            Run refused = parley("whoami");
            assertThat(refused.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(refused.err()).isEqualTo("error: the gateway refused the request (not_found). Nothing here.\n");
        }
    }

    @Test
    void devPasswordReadsThePasswordFromStdinAndSaysItIsForDevelopment() {
        try (FakeServer realm = new FakeServer()) {
            realm.on("/realms/parley/.well-known/openid-configuration", request -> new Answer(200,
                    "{\"device_authorization_endpoint\": \"%1$s/device\", \"token_endpoint\": \"%1$s/token\"}"
                            .formatted(realm.uri("/realms/parley"))));
            realm.on("/realms/parley/token", request -> "s3cret".equals(request.form().get("password"))
                    ? new Answer(200, "{\"access_token\": \"a.eyJwcmVmZXJyZWRfdXNlcm5hbWUiOiJhbGljZSJ9.s\", \"expires_in\": 60}")
                    : new Answer(401, "{\"error\": \"invalid_grant\", \"error_description\": \"Invalid user credentials\"}"));
            parley("config", "set", "realm.url", realm.uri("/realms/parley").toString());

            Run run = parleyWithInput("s3cret\n", "login", "--dev-password", "--username", "alice");
            assertThat(run.exitCode()).isZero();
            assertThat(run.err()).startsWith("warning: --dev-password uses the OAuth password grant, for development realms only");
            assertThat(run.out()).startsWith("Signed in as alice.");
            assertThat(realm.requests("/realms/parley/token").get(0).form()).containsEntry("grant_type", "password")
                    .containsEntry("username", "alice");

            Run wrong = parleyWithInput("nope\n", "login", "--dev-password", "--username", "alice");
            assertThat(wrong.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(wrong.err()).contains("error: the realm refused the sign-in (invalid_grant). Invalid user credentials;");
        }
    }

    @Test
    void logoutWithoutASessionSucceeds() {
        Run run = parley("logout");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Not signed in.\n");
    }

    private void signIn() {
        new TokenStore(new StateDirectory(home)).save(new Tokens("at", "rt", null, Instant.now().plusSeconds(600)));
    }

    private Run parley(String... args) {
        return parleyWithInput("", args);
    }

    private Run parleyWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new ParleyCli(Map.of(StateDirectory.HOME_ENV, home.toString()),
                new BufferedReader(new StringReader(stdin)), null).commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
