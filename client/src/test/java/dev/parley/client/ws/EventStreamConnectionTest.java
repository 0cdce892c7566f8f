package dev.parley.client.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.FakeServer;
import dev.parley.client.FakeServer.Answer;
import dev.parley.client.auth.AuthManager;
import dev.parley.client.auth.DeviceGrantPoller;
import dev.parley.client.auth.TokenStore;
import dev.parley.client.auth.Tokens;
import dev.parley.client.config.ClientConfig;
import dev.parley.client.gateway.GatewayClient;
import dev.parley.client.gateway.RealtimeRest;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.state.StateDirectory;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EventStreamConnection} against a scripted gateway: the proof, the events, resuming, the ends, REST requests. */
class EventStreamConnectionTest {

    private static final String NONCE = Base64Url.encode(dev.parley.protocol.mls.tls.Bytes.of(new byte[32]));

    @TempDir
    Path temp;

    private final FakeServer server = new FakeServer();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ConnectionListener recorder = new ConnectionListener() {
        @Override
        public void connected(Connected connected) {
            events.add("connected " + connected.gatewayId() + " " + connected.deviceId());
        }

        @Override
        public void frame(JsonNode frame) {
            events.add(frame.path("type").asText());
        }

        @Override
        public void disconnected(int closeCode, String reason, Duration retryIn) {
            events.add("disconnected");
        }
    };
    private KeyPair deviceKey;
    private AuthManager auth;
    private GatewayClient gateway;

    @BeforeEach
    void wire() throws Exception {
        deviceKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TokenStore store = new TokenStore(new StateDirectory(temp.resolve("state")));
        store.save(new Tokens("at", "rt", null, Instant.now().plusSeconds(300)));
        URI gatewayUrl = server.uri("/parley/");
        auth = new AuthManager(new ClientConfig(gatewayUrl, server.uri("/realms/acme"), "parley-cli"), store,
                JsonHttp.create(), Clock.systemUTC(), DeviceGrantPoller.system());
        gateway = new GatewayClient(gatewayUrl, JsonHttp.create(), auth);
        server.on("/parley/api/v1/me", request -> new Answer(200, "{\"user_id\": \"u1\", \"gateway_id\": \"gw\"}"));
        server.on("/parley/api/v1/realtime/nonces", request -> new Answer(200, "{\"nonce\": \"" + NONCE + "\", \"expires_in_seconds\": 30}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void eventsArriveAndALostStreamResumesAfterTheLastMessageUntilDisplaced() throws Exception {
        AtomicInteger streams = new AtomicInteger();
        server.on("/parley/api/v1/events", request -> streams.incrementAndGet() == 1 ? new Answer(200, """
                event: connected
                data: {"type":"connected","session_id":"s1","user_id":"u1","device_id":"laptop","protocol_version":1}

                event: message
                id: c1:5
                data: {"type":"message","conversation_id":"c1","seq":5}

                : a comment

                event: caught_up
                data: {"type":"caught_up"}

                """) : new Answer(200, """
                event: closed
                data: {"code":4409,"reason":"displaced by a newer connection of the same device"}

                """));
        EventStreamConnection connection = connection();

        Stopped stopped = connection.start().stopped().get(20, TimeUnit.SECONDS);

        assertThat(stopped.reason()).isEqualTo(Stopped.Reason.DISPLACED);
        assertThat(events).containsExactly("connected gw laptop", "message", "caught_up", "disconnected");
        List<FakeServer.Request> opened = server.requests("/parley/api/v1/events");
        assertThat(opened).hasSize(2);
        assertThat(opened.get(0).headers()).containsEntry("authorization", "Bearer at").containsEntry("parley-device-id", "laptop")
                .containsEntry("parley-nonce", NONCE).doesNotContainKey("last-event-id");
        assertThat(new ConnectProof("gw", "u1", "laptop", Base64Url.decode(NONCE)).verify(Ed25519Keys.raw(deviceKey.getPublic()),
                Base64Url.decode(opened.get(0).headers().get("parley-signature")))).isTrue();
        assertThat(opened.get(1).headers()).containsEntry("last-event-id", "c1:5");
    }

    @Test
    void aRevokedDeviceStopsWithTheSameReasonAsOnTheWebSocket() throws Exception {
        server.on("/parley/api/v1/events", request -> new Answer(403,
                "{\"error\": \"device_revoked\", \"message\": \"This device was revoked.\"}"));

        Stopped stopped = connection().start().stopped().get(10, TimeUnit.SECONDS);

        assertThat(stopped.reason()).isEqualTo(Stopped.Reason.DEVICE_REVOKED);
        assertThat(stopped.error()).isEqualTo("device_revoked");
    }

    @Test
    void aStreamEndedByTokenExpiryReconnectsAtOnceWithAFreshTokenAndResumes() throws Exception {
        server.on("/realms/acme/.well-known/openid-configuration", request -> new Answer(200,
                "{\"device_authorization_endpoint\": \"%1$s/device\", \"token_endpoint\": \"%1$s/token\"}"
                        .formatted(server.uri("/realms/acme"))));
        server.on("/realms/acme/token", request -> new Answer(200,
                "{\"access_token\": \"at2\", \"refresh_token\": \"rt2\", \"expires_in\": 300}"));
        AtomicInteger streams = new AtomicInteger();
        server.on("/parley/api/v1/events", request -> streams.incrementAndGet() == 1 ? new Answer(200, """
                event: message
                id: c1:7
                data: {"type":"message","conversation_id":"c1","seq":7}

                event: closed
                data: {"code":4440,"reason":"access token expired; reconnect with a fresh token"}

                """) : new Answer(200, """
                event: closed
                data: {"code":4409,"reason":"displaced"}

                """));

        Stopped stopped = connection().start().stopped().get(20, TimeUnit.SECONDS);

        assertThat(stopped.reason()).isEqualTo(Stopped.Reason.DISPLACED);
        List<FakeServer.Request> opened = server.requests("/parley/api/v1/events");
        assertThat(opened).hasSize(2);
        assertThat(opened.get(1).headers()).containsEntry("authorization", "Bearer at2").containsEntry("last-event-id", "c1:7");
    }

    @Test
    void tooManyConnectionsStopsForGood() throws Exception {
        server.on("/parley/api/v1/events", request -> new Answer(409,
                "{\"error\": \"too_many_connections\", \"message\": \"At most 20 live connections per user.\"}"));

        Stopped stopped = connection().start().stopped().get(10, TimeUnit.SECONDS);

        assertThat(stopped.reason()).isEqualTo(Stopped.Reason.TOO_MANY_CONNECTIONS);
        assertThat(server.requests("/parley/api/v1/events")).hasSize(1);
    }

    @Test
    void requestsGoOverRestAndAnswerLikeTheWebSocket() throws Exception {
        server.on("/parley/api/v1/conversations/c1/messages", request -> new Answer(200,
                "{\"conversation_id\": \"c1\", \"seq\": 7, \"epoch\": 2, \"duplicate\": false, \"gateway_id\": \"gw\"}"));
        server.on("/parley/api/v1/conversations/c1/ack", request -> new Answer(200, "{\"conversation_id\": \"c1\", \"seq\": 7}"));
        server.on("/parley/api/v1/conversations/c2/messages", request -> new Answer(409,
                "{\"error\": \"stale_epoch\", \"message\": \"The epoch moved on.\", \"current_epoch\": 4}"));
        EventStreamConnection connection = connection();

        JsonNode sent = connection.request(JsonHttp.JSON.createObjectNode().put("type", "send").put("conversation_id", "c1")
                .put("msg_id", "m-1").put("message", "AAAA")).get(10, TimeUnit.SECONDS);
        JsonNode acked = connection.request(JsonHttp.JSON.createObjectNode().put("type", "ack").put("conversation_id", "c1")
                .put("seq", 7)).get(10, TimeUnit.SECONDS);

        assertThat(sent.get("type").asText()).isEqualTo("sent");
        assertThat(sent.get("id").asText()).startsWith("r");
        assertThat(sent.get("seq").asLong()).isEqualTo(7);
        assertThat(sent.get("duplicate").asBoolean()).isFalse();
        assertThat(acked.toString()).contains("\"type\":\"acked\"", "\"conversation_id\":\"c1\"", "\"seq\":7");
        FakeServer.Request post = server.requests("/parley/api/v1/conversations/c1/messages").get(0);
        assertThat(post.headers()).containsEntry("parley-device-id", "laptop");
        assertThat(post.body()).isEqualTo("{\"msg_id\":\"m-1\",\"message\":\"AAAA\"}");
        assertThatThrownBy(() -> connection.request(JsonHttp.JSON.createObjectNode().put("type", "send").put("conversation_id", "c2")
                .put("msg_id", "m-2").put("message", "AAAA")).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(FrameException.class)
                .satisfies(e -> assertThat(((FrameException) e).code()).isEqualTo("stale_epoch"));
        assertThatThrownBy(() -> connection.request(JsonHttp.JSON.createObjectNode().put("type", "watch")).get(10, TimeUnit.SECONDS))
                .cause().satisfies(e -> assertThat(((FrameException) e).code()).isEqualTo("unsupported_over_sse"));
    }

    @Test
    void aRefusedUpgradeFallsBackToSseForGood() throws Exception {
        server.on("/parley/ws", request -> new Answer(403, "{\"error\": \"forbidden\", \"message\": \"No WebSockets here.\"}"));
        server.on("/parley/api/v1/events", request -> new Answer(200, """
                event: connected
                data: {"type":"connected","session_id":"s1","user_id":"u1","device_id":"laptop","protocol_version":1}

                event: closed
                data: {"code":4403,"reason":"device revoked (device_revoked)"}

                """));
        URI gatewayUrl = server.uri("/parley/");
        FallbackConnection connection = new FallbackConnection(
                l -> new GatewayConnection(gatewayUrl, auth, "u1", "laptop", deviceKey.getPrivate(), l, Clock.systemUTC()),
                l -> new EventStreamConnection(gatewayUrl, auth, new RealtimeRest(gateway), "u1", "laptop", deviceKey.getPrivate(), l,
                        Clock.systemUTC()),
                recorder);

        Stopped stopped = connection.start().stopped().get(20, TimeUnit.SECONDS);

        assertThat(stopped.reason()).isEqualTo(Stopped.Reason.DEVICE_REVOKED);
        assertThat(events).containsExactly("disconnected", "connected gw laptop");
        assertThat(server.requests("/parley/ws")).hasSize(1);
    }

    private EventStreamConnection connection() {
        return new EventStreamConnection(server.uri("/parley/"), auth, new RealtimeRest(gateway), "u1", "laptop",
                deviceKey.getPrivate(), recorder, Clock.systemUTC());
    }
}
