package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import dev.parley.protocol.mls.tls.Bytes;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WebSocket door against the real stack: token at the upgrade, device proof before anything else,
 * request ids and error frames, one live connection per device, heartbeats that find a dead peer, and
 * revocation closing the device's connection. Close codes are those of {@code CloseCode}.
 */
@ExtendWith(ParleyStack.class)
class GatewaySocketIT {

    private static URI gateway;
    private static AuthService auth;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        gateway = stack.wildfly().gatewayUri();
        auth = new AuthService(stack.keycloak());
    }

    @Test
    void aRegisteredDeviceConnectsWithItsProof() {
        AuthService.User user = auth.userWithIdentity();
        KeyPair device = auth.registerDevice(user, "laptop");
        GatewaySocketClient client = GatewaySocketClient.open(gateway, user.token());

        JsonNode connected = client.connect(user.id(), "laptop", device.getPrivate());

        assertThat(connected.get("type").asText()).isEqualTo("connected");
        assertThat(connected.get("id").asText()).isEqualTo("c1");
        assertThat(connected.get("device_id").asText()).isEqualTo("laptop");
        assertThat(connected.get("user_id").asText()).isEqualTo(user.id());
        assertThat(connected.get("protocol_version").asInt()).isEqualTo(1);
        // A device in no conversation has nothing to catch up on: caught_up follows at once.
        assertThat(client.next().get("type").asText()).isEqualTo("caught_up");

        JsonNode pong = client.request(Map.of("type", "ping", "id", "p1"));
        assertThat(pong.get("type").asText()).isEqualTo("pong");
        assertThat(pong.get("id").asText()).isEqualTo("p1");
        client.close();
    }

    @Test
    void theUpgradeWithoutATokenIsRefused() {
        assertThatThrownBy(() -> GatewaySocketClient.open(gateway, null))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        assertThatThrownBy(() -> GatewaySocketClient.open(gateway, "garbage"))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    void aProofByAnotherKeyIsRefusedAndClosed() {
        AuthService.User user = auth.userWithIdentity();
        auth.registerDevice(user, "laptop");
        GatewaySocketClient client = GatewaySocketClient.open(gateway, user.token());

        JsonNode error = client.connect(user.id(), "laptop", AuthService.ed25519().getPrivate());

        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("id").asText()).isEqualTo("c1");
        assertThat(error.get("error").asText()).isEqualTo("device_proof_invalid");
        assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(4401);
    }

    @Test
    void anUnknownDeviceIsRefused() {
        AuthService.User user = auth.userWithIdentity();
        GatewaySocketClient client = GatewaySocketClient.open(gateway, user.token());

        JsonNode error = client.connect(user.id(), "never-registered", AuthService.ed25519().getPrivate());

        assertThat(error.get("error").asText()).isEqualTo("device_not_found");
        assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(4401);
    }

    @Test
    void framesBeforeTheProofAndBadFramesGetErrorFrames() {
        AuthService.User user = auth.userWithIdentity();
        GatewaySocketClient client = GatewaySocketClient.open(gateway, user.token());
        client.next(); // hello

        client.send(Map.of("type", "ping", "id", "p1"));
        JsonNode notConnected = client.next();
        assertThat(notConnected.get("error").asText()).isEqualTo("not_connected");
        assertThat(notConnected.get("id").asText()).isEqualTo("p1");

        client.sendText("{not json");
        assertThat(client.next().get("error").asText()).isEqualTo("malformed_frame");

        client.send(Map.of("type", "connect", "id", "c9", "protocol_version", 99, "device_id", "x", "signature", "AA"));
        JsonNode version = client.next();
        assertThat(version.get("error").asText()).isEqualTo("unsupported_protocol_version");
        assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(4426);
    }

    @Test
    void anUnknownFrameTypeIsNamedAfterTheProof() {
        AuthService.User user = auth.userWithIdentity();
        KeyPair device = auth.registerDevice(user, "phone");
        GatewaySocketClient client = GatewaySocketClient.connected(gateway, user.token(), user.id(), "phone", device.getPrivate());

        JsonNode error = client.request(Map.of("type", "teleport", "id", "t1"));
        assertThat(error.get("error").asText()).isEqualTo("unknown_frame_type");
        assertThat(error.get("id").asText()).isEqualTo("t1");
        assertThat(client.isClosed()).isFalse();
        client.close();
    }

    @Test
    void aNewConnectionDisplacesTheOldOne() {
        AuthService.User user = auth.userWithIdentity();
        KeyPair device = auth.registerDevice(user, "laptop");
        GatewaySocketClient first = GatewaySocketClient.connected(gateway, user.token(), user.id(), "laptop", device.getPrivate());

        GatewaySocketClient second = GatewaySocketClient.connected(gateway, user.token(), user.id(), "laptop", device.getPrivate());

        assertThat(first.awaitClose(Duration.ofSeconds(10))).isEqualTo(4409);
        assertThat(second.request(Map.of("type", "ping", "id", "still-here")).get("type").asText()).isEqualTo("pong");
        second.close();
    }

    @Test
    void aConnectionWithoutProofIsClosedAfterTheProofTimeout() {
        AuthService.User user = auth.userWithIdentity();
        GatewaySocketClient client = GatewaySocketClient.open(gateway, user.token());

        assertThat(client.next().get("type").asText()).isEqualTo("hello");
        assertThat(client.awaitClose(Duration.ofSeconds(15))).isEqualTo(4408);
    }

    @Test
    void aPeerThatStopsAnsweringHeartbeatsIsClosedWithinTwoIntervals() throws Exception {
        AuthService.User user = auth.userWithIdentity();
        KeyPair device = auth.registerDevice(user, "silent");
        try (SilentSocket socket = new SilentSocket(gateway, user.token())) {
            long heartbeatSeconds = connectSilently(socket, user, "silent", device).get("heartbeat_seconds").asLong();

            long started = System.nanoTime();
            int code = socket.awaitClose();

            assertThat(code).isEqualTo(4408);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2 * heartbeatSeconds + 5));
        }
    }

    @Test
    void aClientThatDoesNotReadIsClosedAsASlowConsumerWithoutHoldingUpOthers() throws Exception {
        AuthService.User user = auth.userWithIdentity();
        KeyPair device = auth.registerDevice(user, "slow");
        KeyPair otherDevice = auth.registerDevice(user, "quick");
        try (SilentSocket slow = new SilentSocket(gateway, user.token(), 4096)) {
            connectSilently(slow, user, "slow", device);
            // Every ping is answered with a pong carrying its id; a reader that never reads lets the pongs
            // fill the TCP buffers, then the gateway's outbound queue (64 frames in these tests).
            String ping = HttpCalls.JSON.writeValueAsString(Map.of("type", "ping", "id", "p".repeat(200)));
            for (int batch = 0; batch < 10; batch++) {
                slow.sendRepeatedly(ping, 5_000);
            }

            GatewaySocketClient quick = GatewaySocketClient.open(gateway, user.token());
            quick.connect(user.id(), "quick", otherDevice.getPrivate());
            assertThat(quick.request(Map.of("type", "ping", "id", "still-served")).get("type").asText()).isEqualTo("pong");
            quick.close();

            assertThat(slow.awaitClose()).isEqualTo(4420);
        }
    }

    /** Says hello and proves the device over a raw socket; returns the hello frame. */
    private static JsonNode connectSilently(SilentSocket socket, AuthService.User user, String deviceId, KeyPair device) throws Exception {
        JsonNode hello = socket.nextText();
        Bytes nonce = Base64Url.decode(hello.get("nonce").asText());
        String signature = Base64Url.encode(new ConnectProof(hello.get("gateway_id").asText(), user.id(), deviceId, nonce)
                .sign(device.getPrivate()));
        socket.sendText(HttpCalls.JSON.writeValueAsString(Map.of("type", "connect", "id", "c1", "protocol_version", 1,
                "device_id", deviceId, "signature", signature)));
        assertThat(socket.nextText().get("type").asText()).isEqualTo("connected");
        return hello;
    }

    @Test
    void anAdminDeletingTheDeviceCredentialClosesItsConnectionWithinTenSeconds(ParleyStack.Running stack) {
        Keycloak keycloak = new Keycloak(stack.keycloak());
        AuthService.User user = auth.userWithIdentity();
        KeyPair device = auth.registerDevice(user, "lost-phone");
        GatewaySocketClient client = GatewaySocketClient.connected(gateway, user.token(), user.id(), "lost-phone", device.getPrivate());
        String credentialId = keycloak.credentialId(user.id(), "parley-device", "\"lost-phone\"");
        assertThat(credentialId).as("the device's credential in the admin API").isNotNull();

        assertThat(keycloak.admin("DELETE", "users/" + user.id() + "/credentials/" + credentialId, null)).isEqualTo(204);

        assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(4403);
    }

    @Test
    void revokingTheDeviceClosesItsConnection() {
        AuthService.User user = auth.userWithIdentity();
        KeyPair device = auth.registerDevice(user, "stolen");
        GatewaySocketClient client = GatewaySocketClient.connected(gateway, user.token(), user.id(), "stolen", device.getPrivate());

        assertThat(auth.call("DELETE", "devices/stolen", user.token(), null).statusCode()).isBetween(200, 204);

        assertThat(client.awaitClose(Duration.ofSeconds(15))).isEqualTo(4403);
    }
}
