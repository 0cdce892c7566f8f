package dev.parley.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.FakeServer;
import dev.parley.client.FakeServer.Answer;
import dev.parley.client.config.ClientConfig;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.state.StateDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OAuth conversations of {@link AuthManager} against a scripted realm on loopback. */
class AuthManagerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    @TempDir
    Path temp;

    private final FakeServer realm = new FakeServer();
    private TokenStore store;
    private AuthManager auth;

    @BeforeEach
    void wire() {
        realm.on("/realms/acme/.well-known/openid-configuration", request -> new Answer(200, """
                {"issuer": "%1$s", "device_authorization_endpoint": "%1$s/device", "token_endpoint": "%1$s/token",
                 "revocation_endpoint": "%1$s/revoke"}""".formatted(realm.uri("/realms/acme"))));
        store = new TokenStore(new StateDirectory(temp.resolve("state")));
        ClientConfig config = new ClientConfig(realm.uri("/gw/"), realm.uri("/realms/acme"), "parley-cli");
        auth = new AuthManager(config, store, JsonHttp.create(), Clock.fixed(NOW, ZoneOffset.UTC),
                new DeviceGrantPoller(Clock.fixed(NOW, ZoneOffset.UTC), duration -> { }));
    }

    @AfterEach
    void stop() {
        realm.close();
    }

    @Test
    void theDeviceGrantSendsAPkceChallengeAndRedeemsTheCodeWithItsVerifier() throws Exception {
        realm.on("/realms/acme/device", request -> new Answer(200, """
                {"device_code": "dc", "user_code": "WXYZ-1234", "verification_uri": "http://kc/device",
                 "verification_uri_complete": "http://kc/device?user_code=WXYZ-1234", "expires_in": 600, "interval": 5}"""));
        AtomicInteger polls = new AtomicInteger();
        realm.on("/realms/acme/token", request -> polls.incrementAndGet() < 3
                ? new Answer(400, "{\"error\": \"authorization_pending\"}")
                : new Answer(200, "{\"access_token\": \"at\", \"refresh_token\": \"rt\", \"expires_in\": 300}"));
        List<DeviceAuthorization> shown = new ArrayList<>();

        Tokens tokens = auth.loginWithDeviceGrant(shown::add);

        assertThat(shown).singleElement().satisfies(a -> assertThat(a.userCode()).isEqualTo("WXYZ-1234"));
        assertThat(tokens).isEqualTo(new Tokens("at", "rt", null, NOW.plusSeconds(300)));
        assertThat(store.load()).contains(tokens);
        Map<String, String> deviceRequest = realm.requests("/realms/acme/device").get(0).form();
        assertThat(deviceRequest).containsEntry("client_id", "parley-cli").containsEntry("code_challenge_method", "S256")
                .containsEntry("scope", "openid");
        Map<String, String> redeem = realm.requests("/realms/acme/token").get(2).form();
        assertThat(redeem).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
                .containsEntry("device_code", "dc").containsEntry("client_id", "parley-cli");
        assertThat(Pkce.challengeOf(redeem.get("code_verifier"))).isEqualTo(deviceRequest.get("code_challenge"));
    }

    @Test
    void aDeniedDeviceGrantStoresNothing() {
        realm.on("/realms/acme/device", request -> new Answer(200,
                "{\"device_code\": \"dc\", \"user_code\": \"U\", \"verification_uri\": \"http://kc/device\", \"expires_in\": 600}"));
        realm.on("/realms/acme/token", request -> new Answer(400, "{\"error\": \"access_denied\", \"error_description\": \"Consent denied\"}"));

        assertThatThrownBy(() -> auth.loginWithDeviceGrant(a -> { }))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo("access_denied"));
        assertThat(store.load()).isEmpty();
    }

    @Test
    void refreshKeepsTheRefreshTokenWhenTheRealmSendsNoNewOne() {
        store.save(new Tokens("old", "rt", null, NOW.minusSeconds(1)));
        realm.on("/realms/acme/token", request -> new Answer(200, "{\"access_token\": \"new\", \"expires_in\": 60}"));

        Tokens tokens = auth.currentTokens();

        assertThat(tokens).isEqualTo(new Tokens("new", "rt", null, NOW.plusSeconds(60)));
        assertThat(realm.requests("/realms/acme/token").get(0).form())
                .containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "rt");
        assertThat(store.load()).contains(tokens);
    }

    @Test
    void aRefusedRefreshEndsTheSession() {
        store.save(new Tokens("old", "rt", null, NOW.minusSeconds(1)));
        realm.on("/realms/acme/token", request -> new Answer(400, "{\"error\": \"invalid_grant\", \"error_description\": \"Session not active\"}"));

        assertThatThrownBy(auth::currentTokens).isInstanceOf(NotSignedInException.class).hasMessageContaining("invalid_grant");
        assertThat(store.load()).isEmpty();
    }

    @Test
    void aFreshTokenIsUsedWithoutAskingTheRealm() {
        store.save(new Tokens("at", "rt", null, NOW.plusSeconds(60)));

        assertThat(auth.currentTokens().accessToken()).isEqualTo("at");
        assertThat(realm.requests()).isEmpty();
    }

    @Test
    void logoutRevokesTheRefreshTokenAndForgetsTheSession() {
        store.save(new Tokens("at", "rt", null, NOW.plusSeconds(60)));
        realm.on("/realms/acme/revoke", request -> new Answer(200, ""));

        assertThat(auth.logout()).isEqualTo(AuthManager.LogoutResult.REVOKED);

        assertThat(realm.requests("/realms/acme/revoke").get(0).form())
                .containsEntry("token", "rt").containsEntry("token_type_hint", "refresh_token").containsEntry("client_id", "parley-cli");
        assertThat(store.load()).isEmpty();
        assertThat(auth.logout()).isEqualTo(AuthManager.LogoutResult.NOT_SIGNED_IN);
    }

    @Test
    void logoutForgetsTheSessionEvenWhenTheRealmFails() {
        store.save(new Tokens("at", "rt", null, NOW.plusSeconds(60)));
        realm.on("/realms/acme/revoke", request -> new Answer(503, ""));

        assertThat(auth.logout()).isEqualTo(AuthManager.LogoutResult.LOCAL_ONLY);
        assertThat(store.load()).isEmpty();
    }

    @Test
    void aCorruptTokenFileIsNoSession() throws Exception {
        new StateDirectory(temp.resolve("state")).write(TokenStore.FILE, "{not json".getBytes());

        assertThat(store.load()).isEmpty();
        assertThatThrownBy(auth::currentTokens).isInstanceOf(NotSignedInException.class);
    }
}
