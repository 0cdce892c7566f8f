package dev.parley.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.config.ClientConfig;
import dev.parley.client.http.JsonHttp;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sign-in, refresh and sign-out against the realm, with the session kept in the {@link TokenStore}.
 *
 * <p>Invariants: the store holds only tokens the realm issued to this client; a refresh the realm refuses
 * ({@code invalid_grant}) clears the store, so "not signed in" is the one state after a dead session.
 */
public final class AuthManager {

    /** The scope asked for: {@code openid} for an id token to end the session with. */
    static final String SCOPE = "openid";

    private final ClientConfig config;
    private final TokenStore store;
    private final JsonHttp http;
    private final Clock clock;
    private final DeviceGrantPoller poller;
    private final SecureRandom random = new SecureRandom();
    private OidcEndpoints endpoints;

    public AuthManager(ClientConfig config, TokenStore store, JsonHttp http, Clock clock, DeviceGrantPoller poller) {
        this.config = config;
        this.store = store;
        this.http = http;
        this.clock = clock;
        this.poller = poller;
    }

    /**
     * Signs in with the device authorization grant and PKCE: asks the realm for a device code, hands it to
     * {@code prompt} (which shows the person where to go and what to type), then polls until the person
     * approves or denies it or the code expires. The tokens are stored and returned.
     */
    public Tokens loginWithDeviceGrant(Consumer<DeviceAuthorization> prompt) throws OAuthException, InterruptedException {
        OidcEndpoints oidc = endpoints();
        Pkce pkce = Pkce.generate(random);
        DeviceAuthorization authorization = DeviceAuthorization.fromJson(call(oidc.deviceAuthorization(), form(
                "client_id", config.clientId(), "scope", SCOPE,
                "code_challenge", pkce.challenge(), "code_challenge_method", Pkce.METHOD)));
        prompt.accept(authorization);
        Tokens tokens = poller.await(authorization, () -> tokens(call(oidc.token(), form(
                "grant_type", "urn:ietf:params:oauth:grant-type:device_code", "client_id", config.clientId(),
                "device_code", authorization.deviceCode(), "code_verifier", pkce.verifier()))));
        store.save(tokens);
        return tokens;
    }

    /**
     * Signs in with the resource owner password grant. For development realms only: the password passes
     * through this program, and production realms should not enable the grant.
     */
    public Tokens loginWithPassword(String username, char[] password) throws OAuthException {
        Tokens tokens = tokens(call(endpoints().token(), form(
                "grant_type", "password", "client_id", config.clientId(), "scope", SCOPE,
                "username", username, "password", new String(password))));
        store.save(tokens);
        return tokens;
    }

    /** The stored session, refreshed first if its access token has expired. */
    public Tokens currentTokens() {
        Tokens tokens = store.load().orElseThrow(() -> new NotSignedInException("no session is stored"));
        return tokens.accessTokenExpired(clock.instant()) ? refresh() : tokens;
    }

    /** Trades the stored refresh token for new tokens and stores them. */
    public Tokens refresh() {
        Tokens tokens = store.load().orElseThrow(() -> new NotSignedInException("no session is stored"));
        if (tokens.refreshToken() == null) {
            store.clear();
            throw new NotSignedInException("the session has expired and cannot be refreshed");
        }
        try {
            Tokens refreshed = tokens.refreshedWith(tokens(call(endpoints().token(), form(
                    "grant_type", "refresh_token", "client_id", config.clientId(), "refresh_token", tokens.refreshToken()))));
            store.save(refreshed);
            return refreshed;
        } catch (OAuthException e) {
            store.clear();
            throw new NotSignedInException("the realm ended the session (" + e.error() + ")");
        }
    }

    /**
     * Signs out: asks the realm to revoke the refresh token (RFC 7009), which ends the session there, then
     * forgets the tokens here whatever the realm answered.
     *
     * @return what happened, for the person
     */
    public LogoutResult logout() {
        var tokens = store.load();
        if (tokens.isEmpty()) {
            store.clear(); // an unreadable tokens.json is no session, but should not stay behind either
            return LogoutResult.NOT_SIGNED_IN;
        }
        try {
            URI revocation = endpoints().revocation();
            String token = tokens.get().refreshToken() != null ? tokens.get().refreshToken() : tokens.get().accessToken();
            if (revocation == null) {
                return LogoutResult.LOCAL_ONLY;
            }
            JsonHttp.Response response = http.postForm(revocation, form("client_id", config.clientId(), "token", token,
                    "token_type_hint", tokens.get().refreshToken() != null ? "refresh_token" : "access_token"));
            return response.ok() ? LogoutResult.REVOKED : LogoutResult.LOCAL_ONLY;
        } catch (RuntimeException e) {
            return LogoutResult.LOCAL_ONLY;
        } finally {
            store.clear();
        }
    }

    /** The outcome of {@link #logout()}. */
    public enum LogoutResult {
        /** The realm revoked the session and the tokens are gone. */
        REVOKED,
        /** The tokens are gone here; the realm could not be told (its session ends when it expires). */
        LOCAL_ONLY,
        /** There was no session. */
        NOT_SIGNED_IN
    }

    private OidcEndpoints endpoints() {
        if (endpoints == null) {
            endpoints = OidcEndpoints.discover(http, config.realmUrl());
        }
        return endpoints;
    }

    private Tokens tokens(JsonNode answer) {
        return Tokens.fromTokenResponse(answer, clock.instant());
    }

    /** Posts a form to an OAuth endpoint: the JSON answer on success, its OAuth error otherwise. */
    private JsonNode call(URI endpoint, Map<String, String> form) throws OAuthException {
        JsonHttp.Response response = http.postForm(endpoint, form);
        JsonNode json = response.json();
        if (response.ok() && json.isObject()) {
            return json;
        }
        String error = json.path("error").asText("");
        if (error.isEmpty()) {
            throw new OAuthException("http_" + response.status(), "The realm answered HTTP " + response.status() + " at " + endpoint + ".");
        }
        throw new OAuthException(error, json.path("error_description").asText(null));
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }
}
