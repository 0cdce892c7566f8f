package dev.parley.client.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.FakeServer;
import dev.parley.client.FakeServer.Answer;
import dev.parley.client.config.ClientConfig;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.state.StateDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuthorizedHttp} against a scripted realm: which 401s a token refresh can answer. */
class AuthorizedHttpTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    @TempDir
    Path temp;

    private final FakeServer realm = new FakeServer();
    private AuthorizedHttp http;

    @BeforeEach
    void wire() {
        realm.on("/realms/acme/.well-known/openid-configuration", request -> new Answer(200, """
                {"issuer": "%1$s", "device_authorization_endpoint": "%1$s/device", "token_endpoint": "%1$s/token",
                 "revocation_endpoint": "%1$s/revoke"}""".formatted(realm.uri("/realms/acme"))));
        realm.on("/realms/acme/token", request -> new Answer(200,
                "{\"access_token\": \"refreshed\", \"refresh_token\": \"rt2\", \"expires_in\": 300}"));
        TokenStore store = new TokenStore(new StateDirectory(temp.resolve("state")));
        store.save(new Tokens("at", "rt", null, NOW.plusSeconds(60)));
        ClientConfig config = new ClientConfig(realm.uri("/gw/"), realm.uri("/realms/acme"), "parley-cli");
        AuthManager auth = new AuthManager(config, store, JsonHttp.create(), Clock.fixed(NOW, ZoneOffset.UTC),
                new DeviceGrantPoller(Clock.fixed(NOW, ZoneOffset.UTC), duration -> { }));
        http = new AuthorizedHttp(JsonHttp.create(), auth);
    }

    @AfterEach
    void stop() {
        realm.close();
    }

    @Test
    void aRefusedTokenIsRefreshedOnceAndTheCallRepeated() {
        realm.on("/realms/acme/parley/devices", request -> new Answer(401, "{\"error\": \"token_expired\", \"message\": \"x\"}"));

        JsonHttp.Response response = http.call("GET", realm.uri("/realms/acme/parley/devices"), null, Map.of());

        assertThat(response.status()).isEqualTo(401);
        assertThat(realm.requests("/realms/acme/parley/devices")).hasSize(2);
        assertThat(realm.requests("/realms/acme/token")).hasSize(1);
    }

    @Test
    void reauthenticationRequiredIsNotRetriedWithARefreshedToken() {
        realm.on("/realms/acme/parley/identity", request -> new Answer(401,
                "{\"error\": \"reauthentication_required\", \"message\": \"Sign in again.\"}"));

        JsonHttp.Response response = http.call("DELETE", realm.uri("/realms/acme/parley/identity"), null, Map.of());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("error").asText()).isEqualTo("reauthentication_required");
        assertThat(realm.requests("/realms/acme/parley/identity")).hasSize(1);
        assertThat(realm.requests("/realms/acme/token")).as("a refresh keeps the old sign-in time").isEmpty();
    }
}
