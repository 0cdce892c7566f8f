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
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.client.presence.PresencePreference;
import dev.parley.client.state.StateDirectory;
import dev.parley.client.store.DeviceRecord;
import dev.parley.client.store.LocalStore;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code parley presence ...} in-process against a scripted gateway and realm. */
class PresenceCommandTest {

    private static final String BOB = "0b0b0b0b-0000-4000-8000-000000000b0b";

    @TempDir
    Path home;

    private final FakeServer server = new FakeServer();
    private volatile boolean refuse;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void signedInWithADevice() {
        StateDirectory state = new StateDirectory(home);
        new TokenStore(state).save(new Tokens("at", "rt", null, Instant.now().plusSeconds(600)));
        try (LocalStore store = LocalStore.open(state)) {
            store.saveDevice(new DeviceRecord("parley", "u1", "alice", "laptop", "k", "fp", null, Instant.now(), null, null));
        }
        server.on("/parley/api/v1/presence/me", request -> refuse ? new Answer(429,
                "{\"error\": \"rate_limited\", \"message\": \"Too many presence queries; retry in 12 s.\", \"retry_after_seconds\": 12}")
                : new Answer(200, "{\"status\": \"busy\", \"invisible\": false, \"devices\": {\"laptop\": \"busy\", \"phone\": \"away\"}}"));
        server.on("/parley/api/v1/presence", request -> "PUT".equals(request.method())
                ? new Answer(200, "{\"status\": \"away\", \"invisible\": true, \"devices\": {\"laptop\": \"away\"}, \"lease_seconds\": 60}")
                : new Answer(200, "{\"presence\": [{\"user_id\": \"" + BOB + "\", \"status\": \"offline\", \"last_seen\": \"today\"}]}"));
        server.on("/realms/parley/parley/users", request -> new Answer(200,
                "{\"user_id\": \"" + BOB + "\", \"username\": \"bob\"}"));
        parley("config", "set", "gateway.url", server.uri("/parley/").toString());
        parley("config", "set", "realm.url", server.uri("/realms/parley").toString());
    }

    @Test
    void setUpdatesTheGatewayAndRemembersTheChoice() {
        Run run = parley("presence", "set", "away", "--invisible");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("This device is away; you appear offline to everyone (invisible)")
                .contains("for 60 s only");
        FakeServer.Request put = server.requests("/parley/api/v1/presence").get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.headers()).containsEntry("parley-device-id", "laptop");
        assertThat(put.body()).isEqualTo("{\"status\":\"away\",\"invisible\":true}");
        assertThat(PresencePreference.load(new StateDirectory(home))).isEqualTo(new PresencePreference("away", true));

        parley("presence", "set", "--visible");
        assertThat(PresencePreference.load(new StateDirectory(home))).isEqualTo(new PresencePreference("away", false));
        assertThat(server.requests("/parley/api/v1/presence").get(1).body()).isEqualTo("{\"invisible\":false}");
    }

    @Test
    void aBadStatusOrNothingToSetIsAUsageError() {
        Run offline = parley("presence", "set", "offline");
        assertThat(offline.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(offline.err()).contains("the status must be one of online, away, busy");

        Run nothing = parley("presence", "set");
        assertThat(nothing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(nothing.err()).contains("Name a status");

        Run both = parley("presence", "set", "away", "--invisible", "--visible");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(server.requests("/parley/api/v1/presence")).isEmpty();
        assertThat(PresencePreference.load(new StateDirectory(home))).isEqualTo(PresencePreference.NONE);
    }

    @Test
    void showPrintsUsersByNameOrOwnPresence() {
        Run bob = parley("presence", "show", "bob");
        assertThat(bob.exitCode()).as(bob.err()).isZero();
        assertThat(bob.out()).isEqualTo("bob  offline  (last seen today)\n");

        Run json = parley("presence", "show", "bob", "--json");
        assertThat(json.out()).isEqualTo("{\"user_id\":\"" + BOB + "\",\"username\":\"bob\",\"status\":\"offline\",\"last_seen\":\"today\"}\n");

        Run own = parley("presence", "show");
        assertThat(own.out()).isEqualTo("You appear busy.\n  laptop  busy\n  phone  away\n");
    }

    @Test
    void aRefusalIsOneLineWithItsCode() {
        refuse = true;

        Run run = parley("presence", "show");

        assertThat(run.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).isEqualTo("error: the gateway refused the request (rate_limited). Too many presence queries; retry in 12 s.\n");
    }

    @Test
    void watchOverSseSaysItNeedsTheWebSocket() {
        StateDirectory state = new StateDirectory(home);
        new KeyVault(state, PassphraseSource.NONE).save(new DeviceKeys("u1", Bytes.of(Sealing.randomBytes(32)), "laptop",
                Bytes.of(Sealing.randomBytes(32)), Bytes.of(Sealing.randomBytes(32))), null);
        server.on("/parley/api/v1/me", request -> new Answer(200, "{\"user_id\": \"u1\", \"gateway_id\": \"gw\"}"));
        server.on("/parley/api/v1/realtime/nonces", request -> new Answer(200, "{\"nonce\": \"AAAA\"}"));
        server.on("/parley/api/v1/events", request -> new Answer(200, """
                event: connected
                data: {"type":"connected","session_id":"s1","user_id":"u1","device_id":"laptop","protocol_version":1}

                """));
        parley("config", "set", "realtime.transport", "sse");

        Run run = parley("presence", "watch", BOB);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.REFUSED);
        // (the scripted stream ends after `connected`, hence a reconnect notice may come first)
        assertThat(run.err().lines().filter(line -> line.startsWith("error:")).toList()).singleElement().asString()
                .startsWith("error: watching presence needs the WebSocket, and this connection uses Server-Sent "
                        + "Events (unsupported_over_sse).").contains("parley presence show");
    }

    @ParameterizedTest
    @ValueSource(strings = {"presence", "presence set", "presence show", "presence watch"})
    void everyPresenceCommandHasHelpWithAnExample(String command) {
        Run run = parley((command + " --help").split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("Examples?:\\n  parley presence");
    }

    @org.junit.jupiter.api.AfterEach
    void stopServer() {
        server.close();
    }

    private Run parley(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new ParleyCli(Map.of(StateDirectory.HOME_ENV, home.toString()),
                new BufferedReader(new StringReader("")), null).commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
