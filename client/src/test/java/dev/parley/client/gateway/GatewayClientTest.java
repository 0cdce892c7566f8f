package dev.parley.client.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.FakeServer;
import dev.parley.client.FakeServer.Answer;
import dev.parley.client.auth.AuthManager;
import dev.parley.client.auth.DeviceGrantPoller;
import dev.parley.client.auth.NotSignedInException;
import dev.parley.client.auth.TokenStore;
import dev.parley.client.auth.Tokens;
import dev.parley.client.config.ClientConfig;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.http.ServerUnreachableException;
import dev.parley.client.state.StateDirectory;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.RequestProof;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GatewayClient} against a scripted gateway and realm on loopback. */
class GatewayClientTest {

    private static final String ME = """
            {"user_id": "u-1", "username": "alice", "gateway_id": "gw", "served_by": "gw", "server_version": "1.0",
             "protocol_version": 1, "something_new": true}""";

    @TempDir
    Path temp;

    private final FakeServer server = new FakeServer();
    private TokenStore store;
    private GatewayClient gateway;

    @BeforeEach
    void wire() {
        server.on("/realms/acme/.well-known/openid-configuration", request -> new Answer(200,
                "{\"device_authorization_endpoint\": \"%1$s/device\", \"token_endpoint\": \"%1$s/token\"}"
                        .formatted(server.uri("/realms/acme"))));
        server.on("/realms/acme/token", request -> new Answer(200, "{\"access_token\": \"fresh\", \"expires_in\": 300}"));
        store = new TokenStore(new StateDirectory(temp.resolve("state")));
        store.save(new Tokens("stale", "rt", null, Instant.now().plusSeconds(300)));
        gateway = client(server.uri("/parley/"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void meIsReadAndUnknownFieldsAreIgnored() {
        server.on("/parley/api/v1/me", request -> new Answer(200, ME));

        assertThat(gateway.me()).isEqualTo(new Me("u-1", "alice", "gw", "gw", "1.0", 1));
        assertThat(server.requests("/parley/api/v1/me").get(0).headers()).containsEntry("authorization", "Bearer stale");
    }

    @Test
    void a401IsRetriedOnceWithARefreshedToken() {
        server.on("/parley/api/v1/me", request -> "Bearer fresh".equals(request.headers().get("authorization"))
                ? new Answer(200, ME)
                : new Answer(401, "{\"error\": \"token_expired\", \"message\": \"expired\"}"));

        assertThat(gateway.me().username()).isEqualTo("alice");
        assertThat(server.requests("/parley/api/v1/me")).hasSize(2);
        assertThat(store.load().orElseThrow().accessToken()).isEqualTo("fresh");
    }

    @Test
    void a401AfterTheRefreshIsAnAuthenticationRefusalWithItsCode() {
        server.on("/parley/api/v1/me", request -> new Answer(401, "{\"error\": \"token_audience_mismatch\", \"message\": \"wrong audience\"}"));

        assertThatThrownBy(gateway::me).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.error()).isEqualTo(ParleyError.TOKEN_AUDIENCE_MISMATCH);
            assertThat(e.code()).isEqualTo("token_audience_mismatch");
            assertThat(e.isAuthentication()).isTrue();
            assertThat(e).hasMessage("wrong audience");
        });
        assertThat(server.requests("/parley/api/v1/me")).as("exactly one retry").hasSize(2);
    }

    @Test
    void errorBodiesMapToTypedCodes() {
        server.on("/parley/api/v1/me", request -> new Answer(503, "{\"error\": \"auth_unavailable\"}"));
        assertThatThrownBy(gateway::me).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.error()).isEqualTo(ParleyError.AUTH_UNAVAILABLE);
            assertThat(e).hasMessage(ParleyError.AUTH_UNAVAILABLE.hint());
        });
    }

    @Test
    void unknownCodesAndForeignBodiesKeepAName() {
        server.on("/parley/api/v1/me", request -> new Answer(429, "{\"error\": \"from_a_future_version\", \"message\": \"Slow down.\"}"));
        assertThatThrownBy(gateway::me).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.error()).isNull();
            assertThat(e.code()).isEqualTo("from_a_future_version");
        });

        server.on("/other/api/v1/me", request -> new Answer(502, "<html>Bad Gateway</html>"));
        assertThatThrownBy(client(server.uri("/other/"))::me).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo("http_502");
            assertThat(e.status()).isEqualTo(502);
        });
    }

    @Test
    void noSessionIsNotSignedInBeforeAnyCall() {
        store.clear();

        assertThatThrownBy(gateway::me).isInstanceOf(NotSignedInException.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertThatThrownBy(client(URI.create("http://127.0.0.1:" + port + "/parley/"))::me)
                .isInstanceOf(ServerUnreachableException.class).hasMessage("cannot reach http://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void aCallAsADeviceIsSignedWithItsKeyAnewForEachAttempt() throws Exception {
        KeyPair laptop = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        GatewayClient signing = new GatewayClient(server.uri("/parley/"), JsonHttp.create(), auth(server.uri("/parley/")),
                deviceId -> deviceId.equals("laptop") ? Optional.of(new DeviceSigner("u-1", "laptop", laptop.getPrivate())) : Optional.empty());
        server.on("/parley/api/v1/me", request -> new Answer(200, ME));
        server.on("/parley/api/v1/conversations/c1/ack", request -> "Bearer fresh".equals(request.headers().get("authorization"))
                ? new Answer(200, "{\"conversation_id\": \"c1\", \"seq\": 42}")
                : new Answer(401, "{\"error\": \"token_expired\", \"message\": \"expired\"}"));

        assertThat(signing.conversations("laptop").ack("c1", 42).seq()).isEqualTo(42);

        List<FakeServer.Request> attempts = server.requests("/parley/api/v1/conversations/c1/ack");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).headers().get("parley-nonce")).isNotEqualTo(attempts.get(1).headers().get("parley-nonce"));
        for (FakeServer.Request attempt : attempts) {
            Map<String, String> headers = attempt.headers();
            assertThat(headers).containsEntry("parley-device-id", "laptop");
            RequestProof proof = new RequestProof("gw", "u-1", "laptop", "POST", "/parley/api/v1/conversations/c1/ack",
                    RequestProof.bodyHash(attempt.body().getBytes(StandardCharsets.UTF_8)),
                    Long.parseLong(headers.get("parley-timestamp")), Base64Url.decode(headers.get("parley-nonce")));
            assertThat(proof.verify(Ed25519Keys.raw(laptop.getPublic()), Base64Url.decode(headers.get("parley-signature")))).isTrue();
        }
        assertThat(server.requests("/parley/api/v1/me")).as("the gateway id is asked once").hasSize(1);
    }

    @Test
    void aRefusedRequestProofIsNotRetriedWithAnotherToken() {
        server.on("/parley/api/v1/key-packages/count", request -> new Answer(401,
                "{\"error\": \"request_proof_missing\", \"message\": \"sign it\"}"));

        assertThatThrownBy(() -> gateway.keyPackageCount("laptop")).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.error()).isEqualTo(ParleyError.REQUEST_PROOF_MISSING));
        assertThat(server.requests("/parley/api/v1/key-packages/count")).hasSize(1);
        assertThat(server.requests("/parley/api/v1/key-packages/count").get(0).headers()).doesNotContainKey("parley-signature");
    }

    private AuthManager auth(URI gatewayUrl) {
        return new AuthManager(new ClientConfig(gatewayUrl, server.uri("/realms/acme"), "parley-cli"), store,
                JsonHttp.create(), Clock.systemUTC(), DeviceGrantPoller.system());
    }

    private GatewayClient client(URI gatewayUrl) {
        AuthManager auth = new AuthManager(new ClientConfig(gatewayUrl, server.uri("/realms/acme"), "parley-cli"), store,
                JsonHttp.create(), Clock.systemUTC(), DeviceGrantPoller.system());
        return new GatewayClient(gatewayUrl, JsonHttp.create(), auth);
    }
}
