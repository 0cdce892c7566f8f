package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import java.io.IOException;
import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A peer that stops reading while the gateway writes to it, and keeps sending now and then, so it is never silent
 * and never overflows its queue: the gateway's heartbeat and revocations must go on for every other connection, and
 * the stalled peer must be dropped after the write deadline ({@code parley.ws.write-deadline-seconds}, 5 s in the
 * tests).
 */
@ExtendWith(ParleyStack.class)
class StalledPeerIT {

    private static URI gateway;
    private static AuthService auth;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        gateway = stack.wildfly().gatewayUri();
        auth = new AuthService(stack.keycloak());
    }

    @Test
    void aPeerThatStopsReadingHoldsUpNoHeartbeatAndNoRevocationAndIsDropped() throws Exception {
        AuthService.User user = auth.userWithIdentity();
        KeyPair stuckKey = auth.registerDevice(user, "stuck");
        KeyPair bystanderKey = auth.registerDevice(user, "bystander");
        KeyPair doomedKey = auth.registerDevice(user, "doomed");
        GatewaySocketClient bystander = GatewaySocketClient.connected(gateway, user.token(), user.id(), "bystander", bystanderKey.getPrivate());
        GatewaySocketClient doomed = GatewaySocketClient.connected(gateway, user.token(), user.id(), "doomed", doomedKey.getPrivate());
        AtomicBoolean chatting = new AtomicBoolean(true);
        try (SilentSocket stuck = new SilentSocket(gateway, user.token(), 4096)) {
            connectSilently(stuck, user, "stuck", stuckKey);
            // Pongs of 512 KB each: about 16 MB waits for a reader that does not read, far more than the TCP
            // buffers hold and far fewer frames than the outbound queue (64 in the tests) takes.
            String bigPing = HttpCalls.JSON.writeValueAsString(Map.of("type", "ping", "id", "p".repeat(512 * 1024)));
            for (int i = 0; i < 32; i++) {
                stuck.sendText(bigPing);
            }
            Thread chatter = new Thread(() -> {
                try {
                    while (chatting.get()) {
                        stuck.sendText("{\"type\":\"ping\",\"id\":\"still-here\"}");
                        Thread.sleep(500);
                    }
                } catch (IOException | InterruptedException ended) {
                    // the gateway dropped the connection
                }
            }, "stuck-chatter");
            chatter.setDaemon(true);
            chatter.start();
            Thread.sleep(Duration.ofSeconds(5).toMillis()); // a ping to the stuck peer fell due (heartbeat: 2 s)

            // The heartbeat still runs: a connection without a device proof is closed after the proof time-out (3 s).
            GatewaySocketClient unproven = GatewaySocketClient.open(gateway, user.token());
            assertThat(unproven.awaitClose(Duration.ofSeconds(15))).isEqualTo(4408);
            // An honest connection answers its pings and stays open.
            assertThat(bystander.request(Map.of("type", "ping", "id", "b1")).get("type").asText()).isEqualTo("pong");
            assertThat(bystander.isClosed()).isFalse();

            // Revocations still close connections, the stalled peer's first.
            assertThat(auth.call("DELETE", "devices/stuck", user.token(), null).statusCode()).isBetween(200, 204);
            assertThat(auth.call("DELETE", "devices/doomed", user.token(), null).statusCode()).isBetween(200, 204);
            assertThat(doomed.awaitClose(Duration.ofSeconds(15))).isEqualTo(4403);

            // The stalled peer was dropped: reading now finds the end of the connection, not 16 MB of pongs and more.
            assertThat(stuck.awaitEnd(Duration.ofSeconds(20))).as("the stalled connection ended").isTrue();
        } finally {
            chatting.set(false);
        }
        assertThat(bystander.request(Map.of("type", "ping", "id", "b2")).get("type").asText()).isEqualTo("pong");
        bystander.close();
    }

    private static void connectSilently(SilentSocket socket, AuthService.User user, String deviceId, KeyPair device) throws Exception {
        JsonNode hello = socket.nextText();
        String signature = Base64Url.encode(new ConnectProof(hello.get("gateway_id").asText(), user.id(), deviceId,
                Base64Url.decode(hello.get("nonce").asText())).sign(device.getPrivate()));
        socket.sendText(HttpCalls.JSON.writeValueAsString(Map.of("type", "connect", "id", "c1", "protocol_version", 1,
                "device_id", deviceId, "signature", signature)));
        assertThat(socket.nextText().get("type").asText()).isEqualTo("connected");
    }
}
