package dev.parley.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.devstack.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Tokens and admin calls against the real Keycloak of the stack under test. */
final class Keycloak {

    static final String CLI_CLIENT = "parley-cli";
    /** The web app's public client (authorization code flow with PKCE). */
    static final String WEB_CLIENT = "parley-web";
    static final String GATEWAY_CLIENT = KeycloakServer.GATEWAY_CLIENT_ID;
    static final String GATEWAY_SECRET = KeycloakServer.GATEWAY_CLIENT_SECRET;

    private final KeycloakServer server;

    Keycloak(KeycloakServer server) {
        this.server = server;
    }

    /** An access token for a demo user of the {@code parley} realm (password grant of {@code parley-cli}). */
    String accessToken(String username) {
        return accessToken(KeycloakServer.REALM, CLI_CLIENT, username, username);
    }

    String accessToken(String realm, String clientId, String username, String password) {
        return tokenResponse(realm, clientId, username, password).get("access_token").asText();
    }

    /** The whole token response of a password grant: {@code access_token}, {@code id_token}, {@code refresh_token}. */
    JsonNode tokenResponse(String realm, String clientId, String username, String password) {
        HttpResponse<String> response = HttpCalls.postForm(tokenUri(realm), Map.of(
                "grant_type", "password", "client_id", clientId, "username", username, "password", password,
                "scope", "openid"));
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak refused a token for " + username + ": " + response.body());
        }
        return HttpCalls.json(response);
    }

    /** A refresh-token grant of a public client of the {@code parley} realm: the new token response. */
    JsonNode refresh(String clientId, String refreshToken) {
        HttpResponse<String> response = HttpCalls.postForm(tokenUri(KeycloakServer.REALM), Map.of(
                "grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak refused to refresh a token: " + response.body());
        }
        return HttpCalls.json(response);
    }

    /** The {@code parley} realm's published signing keys (JWKS). */
    JsonNode realmKeys() {
        return HttpCalls.json(HttpCalls.get(URI.create(server.realmUri() + "/protocol/openid-connect/certs"), null));
    }

    /** A token of the gateway's service account (client credentials of the confidential {@code parley-gateway}). */
    String gatewayServiceToken() {
        HttpResponse<String> response = HttpCalls.postForm(tokenUri(KeycloakServer.REALM), Map.of(
                "grant_type", "client_credentials", "client_id", GATEWAY_CLIENT, "client_secret", GATEWAY_SECRET));
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak refused the gateway's service account: " + response.body());
        }
        return HttpCalls.json(response).get("access_token").asText();
    }

    String adminToken() {
        return accessToken("master", "admin-cli", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
    }

    /** Creates an enabled user of the {@code parley} realm whose password is its username; returns its id. */
    String createUser(String username) {
        HttpResponse<String> response = HttpCalls.postJson(adminUri("users"), adminToken(), Map.of(
                "username", username, "enabled", true, "email", username + "@parley.test", "emailVerified", true,
                "firstName", "Test", "lastName", username,
                "credentials", java.util.List.of(Map.of("type", "password", "value", username, "temporary", false))));
        if (response.statusCode() != 201) {
            throw new AssertionError("Could not create user " + username + ": HTTP " + response.statusCode() + " " + response.body());
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The admin REST API's credential list of a user. */
    JsonNode credentials(String userId) {
        HttpResponse<String> response = HttpCalls.get(adminUri("users/" + userId + "/credentials"), adminToken());
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + " " + response.body());
        }
        return HttpCalls.json(response);
    }

    /** The id of the user's credential of this type whose data contains {@code text}, or {@code null}. */
    String credentialId(String userId, String type, String text) {
        for (JsonNode credential : credentials(userId)) {
            if (credential.get("type").asText().equals(type) && credential.path("credentialData").asText().contains(text)) {
                return credential.get("id").asText();
            }
        }
        return null;
    }

    /** Disables a user the way the admin console does: the whole representation with {@code enabled=false}. */
    void disableUser(String userId) {
        ObjectNode user = (ObjectNode) HttpCalls.json(HttpCalls.get(adminUri("users/" + userId), adminToken()));
        user.put("enabled", false);
        int status = admin("PUT", "users/" + userId, user);
        if (status != 204) {
            throw new AssertionError("Could not disable user " + userId + ": HTTP " + status);
        }
    }

    /** An admin call on {@code /admin/realms/parley/<path>}; returns the status. */
    int admin(String method, String path, Object body) {
        return HttpCalls.send(method, adminUri(path), adminToken(), body).statusCode();
    }

    private URI adminUri(String path) {
        return server.baseUri().resolve("/admin/realms/" + KeycloakServer.REALM + (path.isEmpty() ? "" : "/" + path));
    }

    /**
     * Turns off brute-force detection's quick-login check for the tests, which sign in the same new user several
     * times within a second: Keycloak 26 sometimes locks such a user out ({@code user_temporarily_disabled})
     * without any failed login (keycloak/keycloak#36495). The rest of brute-force detection stays on.
     */
    void allowQuickRepeatedLogins() {
        int status = admin("PUT", "", Map.of("quickLoginCheckMilliSeconds", 0));
        if (status != 204) {
            throw new AssertionError("Could not update the realm's brute-force settings: HTTP " + status);
        }
    }

    /** The {@code parley} realm's attributes (the Parley settings among them). */
    Map<String, String> realmAttributes() {
        Map<String, String> attributes = new java.util.TreeMap<>();
        JsonNode found = HttpCalls.json(HttpCalls.get(adminUri(""), adminToken())).path("attributes");
        found.fieldNames().forEachRemaining(name -> attributes.put(name, found.get(name).asText()));
        return attributes;
    }

    /** Sets the given realm attributes, keeping the others; returns all attributes as they were before. */
    Map<String, String> setRealmAttributes(Map<String, String> changes) {
        Map<String, String> before = realmAttributes();
        Map<String, String> after = new java.util.TreeMap<>(before);
        after.putAll(changes);
        int status = admin("PUT", "", Map.of("attributes", after));
        if (status != 204) {
            throw new AssertionError("Could not update the realm's attributes: HTTP " + status);
        }
        return before;
    }

    /** Creates a client in the {@code parley} realm through the admin REST API (kept if it exists). */
    void createClient(Map<String, Object> representation) {
        HttpResponse<String> response = HttpCalls.postJson(adminUri("clients"), adminToken(), representation);
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new AssertionError("Could not create client: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /**
     * Creates a public client with the password grant whose access tokens carry the gateway's audience and live
     * {@code lifespanSeconds} (kept if it exists): a token that expires within a test.
     */
    void createShortLivedGatewayClient(String clientId, int lifespanSeconds) {
        createClient(Map.of(
                "clientId", clientId,
                "publicClient", true,
                "directAccessGrantsEnabled", true,
                "attributes", Map.of("access.token.lifespan", Integer.toString(lifespanSeconds)),
                "protocolMappers", List.of(Map.of(
                        "name", "gateway audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.client.audience", "parley-gateway", "access.token.claim", "true")))));
    }

    /**
     * Lets the web client's public client ({@code parley-web}) sign in from the app at {@code appUri} (the test
     * gateway's free port): adds it to the redirect URIs, which also makes it a web origin and a post-logout
     * redirect ({@code +}).
     */
    void allowWebClientAt(URI appUri) {
        String token = adminToken();
        JsonNode found = HttpCalls.json(HttpCalls.get(adminUri("clients?clientId=" + WEB_CLIENT), token));
        if (found.size() != 1) {
            throw new AssertionError("The realm has no client " + WEB_CLIENT + ": " + found);
        }
        ObjectNode client = (ObjectNode) found.get(0);
        ArrayNode redirects = client.withArrayProperty("redirectUris");
        for (String uri : List.of(appUri.toString(), appUri + "*")) {
            boolean present = false;
            for (JsonNode existing : redirects) {
                present |= existing.asText().equals(uri);
            }
            if (!present) {
                redirects.add(uri);
            }
        }
        int status = HttpCalls.send("PUT", adminUri("clients/" + client.get("id").asText()), token, client).statusCode();
        if (status != 204) {
            throw new AssertionError("Could not update the redirect URIs of " + WEB_CLIENT + ": HTTP " + status);
        }
    }

    /** A realm user that exists only for one test, signed in. */
    record TestUser(String username, String userId, String accessToken) {
    }

    /** Creates a fresh user ({@code prefix-xxxxxxxx}, password = username) and signs it in. */
    TestUser createTestUser(String prefix) {
        String username = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String userId = createUser(username);
        return new TestUser(username, userId, accessToken(username));
    }

    /** The claims of a JWT, read without any check (tests only inspect tokens Keycloak made). */
    static JsonNode claims(String jwt) {
        try {
            return HttpCalls.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private URI tokenUri(String realm) {
        return server.baseUri().resolve("/realms/" + realm + "/protocol/openid-connect/token");
    }
}
