package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's long-running realtime connection end to end ({@link CliProcess}, one JVM per command): the low-water push
 * refills the KeyPackages of a listening device; {@code parley presence set|show|watch} between two contacts;
 * {@code parley listen} over SSE ({@code realtime.transport=sse}) with messages from a real MLS member.
 */
@ExtendWith(ParleyStack.class)
class ClientRealtimeIT {

    private static ParleyStack.Running stack;
    private static Keycloak keycloak;
    private static DeliveryService gateway;
    private static AuthService auth;

    @TempDir
    Path home;

    @BeforeAll
    static void connect(ParleyStack.Running running) {
        stack = running;
        keycloak = new Keycloak(running.keycloak());
        gateway = new DeliveryService(running);
        auth = new AuthService(running.keycloak());
    }

    /** A fresh realm user (password = user name) signed in with a registered device in its own state directory. */
    private record User(String name, String id, Path state, String deviceId) {
    }

    @Test
    void claimsBelowLowWaterArePushedToTheListeningDeviceWhichRefills() throws Exception {
        User erin = signedIn();
        CliProcess listen = CliProcess.start(erin.state(), "listen");
        listen.awaitLine(line -> line.startsWith("Connected to "), Duration.ofSeconds(60));

        AuthService.User claimer = auth.newUser();
        int pool = 50;
        int lowWater = 10;
        for (int i = 0; i < pool - lowWater + 1; i++) {
            HttpResponse<String> claim = gateway.send("POST", "key-packages/claim", claimer.token(), null,
                    Map.of("user_id", erin.id(), "device_ids", List.of(erin.deviceId())));
            assertThat(claim.statusCode()).as(claim.body()).isEqualTo(200);
        }

        String pushed = listen.awaitLine(line -> line.startsWith("key_packages_low: "), Duration.ofSeconds(30));
        JsonNode low = HttpCalls.JSON.readTree(pushed.substring("key_packages_low: ".length()));
        assertThat(low.get("device_id").asText()).isEqualTo(erin.deviceId());
        assertThat(low.get("remaining").asLong()).isEqualTo(lowWater - 1);
        listen.awaitLine(line -> line.startsWith("Uploaded " + (pool - lowWater + 1) + " KeyPackages; the gateway holds " + pool),
                Duration.ofSeconds(60));

        JsonNode status = HttpCalls.JSON.readTree(assertSucceeded(CliProcess.run(erin.state(), "keypackages", "status", "--json")).out());
        assertThat(status.get("one_time").asLong()).isEqualTo(pool);
        assertThat(status.get("last_resort").asBoolean()).isTrue();
        assertThat(listen.interrupt().exitCode()).as("ended by SIGTERM").isEqualTo(143);
    }

    @Test
    void presenceSetIsSeenByAWatchingContactAndAppliedOnEveryConnection() throws Exception {
        User alice = signedIn();
        User bob = signedIn();
        assertSucceeded(CliProcess.run(alice.state(), "contacts", "request", bob.name()));
        assertSucceeded(CliProcess.run(bob.state(), "contacts", "accept", alice.name()));

        CliProcess watch = CliProcess.start(bob.state(), "presence", "watch", alice.name(), "--json");
        JsonNode snapshot = HttpCalls.JSON.readTree(watch.awaitLine(line -> line.contains(alice.id()), Duration.ofSeconds(60)));
        assertThat(snapshot.get("username").asText()).isEqualTo(alice.name());
        assertThat(snapshot.get("status").asText()).isEqualTo("offline");

        CliProcess.Result set = assertSucceeded(CliProcess.run(alice.state(), "presence", "set", "busy"));
        assertThat(set.out()).contains("This device is busy; you appear busy");
        assertThat(status(watch.awaitLine(line -> line.contains("\"busy\""), Duration.ofSeconds(30)))).isEqualTo("busy");

        JsonNode seen = HttpCalls.JSON.readTree(assertSucceeded(CliProcess.run(alice.state(), "presence", "show", bob.name(), "--json")).out());
        assertThat(seen.get("user_id").asText()).isEqualTo(bob.id());
        assertThat(seen.get("status").asText()).as("bob's watch holds his device's connection").isEqualTo("online");
        CliProcess.Result shown = assertSucceeded(CliProcess.run(alice.state(), "presence", "show", bob.name()));
        assertThat(shown.out()).isEqualTo(bob.name() + "  online\n");

        // a connection of alice's device starts online, then applies the remembered choice
        CliProcess listen = CliProcess.start(alice.state(), "listen");
        listen.awaitLine(line -> line.startsWith("Connected to "), Duration.ofSeconds(60));
        assertThat(status(watch.awaitLine(line -> line.contains("\"online\""), Duration.ofSeconds(30)))).isEqualTo("online");
        assertThat(status(watch.awaitLine(line -> line.contains("\"busy\""), Duration.ofSeconds(30)))).isEqualTo("busy");
        JsonNode own = HttpCalls.JSON.readTree(assertSucceeded(CliProcess.run(alice.state(), "presence", "show", "--json")).out());
        assertThat(own.get("devices").get(alice.deviceId()).asText()).isEqualTo("busy");

        // invisible: bob sees alice go offline while her connection stays
        assertSucceeded(CliProcess.run(alice.state(), "presence", "set", "--invisible"));
        assertThat(status(watch.awaitLine(line -> line.contains("\"offline\""), Duration.ofSeconds(30)))).isEqualTo("offline");

        assertThat(listen.interrupt().exitCode()).as("ended by SIGTERM").isEqualTo(143);
        assertThat(watch.interrupt().exitCode()).as("ended by SIGTERM").isEqualTo(143);
    }

    @Test
    void watchingAnUnknownUserIsOneClearError() {
        User carol = signedIn();

        CliProcess.Result result = CliProcess.run(carol.state(), "presence", "watch", "nobody-" + UUID.randomUUID());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
        assertThat(result.err()).contains("(user_not_found)").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void listenOverSseGetsTheCatchUpAndLiveMessagesUntilDisplaced() throws Exception {
        User erin = signedIn();
        assertSucceeded(CliProcess.run(erin.state(), "config", "set", "realtime.transport", "sse"));
        MlsDevice alice = MlsDevice.register(auth, auth.userWithIdentity(), "laptop");
        byte[] groupId = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> created = gateway.createRoom(alice, "Room " + UUID.randomUUID(), groupId, alice.createGroup(groupId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String roomId = HttpCalls.json(created).get("conversation_id").asText();
        HttpResponse<String> claim = gateway.send("POST", "key-packages/claim", alice,
                Map.of("user_id", erin.id(), "device_ids", List.of(erin.deviceId())));
        JsonNode claimed = HttpCalls.json(claim).get("key_packages").get(0);
        MlsDevice.PendingCommit add = alice.commitAdds(List.of(claimed.get("key_package").asText()));
        HttpResponse<String> committed = gateway.commit(alice, roomId, "add-erin", add, List.of(claimed.get("ref").asText()), List.of());
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        alice.applyOwn(add);
        assertThat(gateway.sendMessage(alice, roomId, "m-1", alice.protect("hello erin")).statusCode()).isEqualTo(200);

        CliProcess listen = CliProcess.start(erin.state(), "listen", "--json");
        JsonNode connected = HttpCalls.JSON.readTree(listen.awaitLine(line -> line.contains("\"connected\""), Duration.ofSeconds(60)));
        assertThat(connected.get("device_id").asText()).isEqualTo(erin.deviceId());
        JsonNode welcome = HttpCalls.JSON.readTree(listen.awaitLine(line -> line.contains("\"message\""), Duration.ofSeconds(30)));
        assertThat(welcome.get("kind").asText()).isEqualTo("welcome");
        assertThat(welcome.get("conversation_id").asText()).isEqualTo(roomId);
        JsonNode first = HttpCalls.JSON.readTree(listen.awaitLine(line -> line.contains("\"message\""), Duration.ofSeconds(30)));
        assertThat(first.get("msg_id").asText()).isEqualTo("m-1");
        listen.awaitLine(line -> line.contains("\"caught_up\""), Duration.ofSeconds(30));

        assertThat(gateway.sendMessage(alice, roomId, "m-2", alice.protect("still there?")).statusCode()).isEqualTo(200);
        JsonNode live = HttpCalls.JSON.readTree(listen.awaitLine(line -> line.contains("\"message\""), Duration.ofSeconds(30)));
        assertThat(live.get("msg_id").asText()).isEqualTo("m-2");
        assertThat(live.get("seq").asLong()).isEqualTo(first.get("seq").asLong() + 1);

        // a WebSocket of the same device displaces the stream: the SSE `closed` event ends listen like a 4409 close
        assertSucceeded(CliProcess.run(erin.state(), "config", "set", "realtime.transport", "websocket"));
        CliProcess second = CliProcess.start(erin.state(), "listen");
        second.awaitLine(line -> line.startsWith("Connected to "), Duration.ofSeconds(60));
        CliProcess.Result displaced = listen.finish(Duration.ofSeconds(30));
        assertThat(displaced.exitCode()).as(displaced.toString()).isEqualTo(8);
        assertThat(displaced.err()).contains("(displaced)");
        assertThat(displaced.out()).contains("\"reason\":\"displaced\"");
        assertThat(second.interrupt().exitCode()).as("ended by SIGTERM").isEqualTo(143);
    }

    private static String status(String line) throws IOException {
        return HttpCalls.JSON.readTree(line).get("status").asText();
    }

    private User signedIn() {
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        String id = keycloak.createUser(name);
        Path state = home.resolve(name);
        for (String[] setting : new String[][] {
                {"gateway.url", stack.wildfly().gatewayUri().toString()},
                {"realm.url", stack.keycloak().realmUri().toString()}}) {
            assertSucceeded(CliProcess.run(state, "config", "set", setting[0], setting[1]));
        }
        assertSucceeded(CliProcess.runWithInput(state, name + "\n", "login", "--dev-password", "--username", name));
        String deviceId;
        try {
            deviceId = HttpCalls.JSON.readTree(assertSucceeded(CliProcess.run(state, "devices", "list", "--json")).out())
                    .get(0).get("device_id").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new User(name, id, state, deviceId);
    }

    private static CliProcess.Result assertSucceeded(CliProcess.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }
}
