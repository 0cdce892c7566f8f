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
 * refills the KeyPackages of a listening device.
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
    }

    private User signedIn() throws IOException {
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        String id = keycloak.createUser(name);
        Path state = home.resolve(name);
        for (String[] setting : new String[][] {
                {"gateway.url", stack.wildfly().gatewayUri().toString()},
                {"realm.url", stack.keycloak().realmUri().toString()}}) {
            assertSucceeded(CliProcess.run(state, "config", "set", setting[0], setting[1]));
        }
        assertSucceeded(CliProcess.runWithInput(state, name + "\n", "login", "--dev-password", "--username", name));
        String deviceId = HttpCalls.JSON.readTree(assertSucceeded(CliProcess.run(state, "devices", "list", "--json")).out())
                .get(0).get("device_id").asText();
        return new User(name, id, state, deviceId);
    }

    private static CliProcess.Result assertSucceeded(CliProcess.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }
}
