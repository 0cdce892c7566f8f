package dev.parley.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

/** Tokens and admin calls against the real Keycloak of the stack under test. */
final class Keycloak {

    static final String CLI_CLIENT = "parley-cli";

    private final KeycloakServer server;

    Keycloak(KeycloakServer server) {
        this.server = server;
    }

    /** An access token for a demo user of the {@code parley} realm (password grant of {@code parley-cli}). */
    String accessToken(String username) {
        return accessToken(KeycloakServer.REALM, CLI_CLIENT, username, username);
    }

    String accessToken(String realm, String clientId, String username, String password) {
        HttpResponse<String> response = HttpCalls.postForm(tokenUri(realm), Map.of(
                "grant_type", "password", "client_id", clientId, "username", username, "password", password,
                "scope", "openid"));
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak refused a token for " + username + ": " + response.body());
        }
        return HttpCalls.json(response).get("access_token").asText();
    }

    /** Creates a client in the {@code parley} realm through the admin REST API (kept if it exists). */
    void createClient(Map<String, Object> representation) {
        HttpResponse<String> response = HttpCalls.postJson(adminUri("/clients"), adminToken(), representation);
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new AssertionError("Could not create client: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** A realm user that exists only for one test. */
    record TestUser(String username, String userId, String accessToken) {
    }

    /**
     * Creates a fresh user in the {@code parley} realm (password = username) through the admin REST API and
     * signs it in, so that a test starts from a user with no history.
     */
    TestUser createUser(String prefix) {
        String username = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> response = HttpCalls.postJson(adminUri("/users"), adminToken(), Map.of(
                "username", username, "enabled", true, "email", username + "@parley.test", "emailVerified", true,
                "firstName", prefix, "lastName", "Test",
                "credentials", java.util.List.of(Map.of("type", "password", "value", username, "temporary", false))));
        if (response.statusCode() != 201) {
            throw new AssertionError("Could not create user: HTTP " + response.statusCode() + " " + response.body());
        }
        String token = accessToken(username);
        return new TestUser(username, claims(token).get("sub").asText(), token);
    }

    private String adminToken() {
        return accessToken("master", "admin-cli", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
    }

    private URI adminUri(String path) {
        return server.baseUri().resolve("/admin/realms/" + KeycloakServer.REALM + path);
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
