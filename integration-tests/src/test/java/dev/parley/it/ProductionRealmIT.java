package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The production realm template ({@code config/keycloak/parley-realm-production.json}) imported into the real
 * Keycloak as a realm of its own: Keycloak generates the gateway's secret, the gateway's service account signs in
 * with it and reads the Authentication Service, the CLI's device grant works, the web app's code flow demands PKCE,
 * and the password grant does not.
 */
@ExtendWith(ParleyStack.class)
class ProductionRealmIT {

    private static final String REALM = "parley-production-it";

    @Test
    void theTemplateImportsAndServesTheGatewayTheCliAndTheWebAppOnly(ParleyStack.Running stack) throws Exception {
        Keycloak keycloak = new Keycloak(stack.keycloak());
        URI base = stack.keycloak().baseUri();
        ObjectNode template = (ObjectNode) HttpCalls.JSON.readTree(Files.readString(
                stack.build().root().resolve("config/keycloak/parley-realm-production.json")));
        template.put("realm", REALM);
        HttpResponse<String> created = HttpCalls.postJson(base.resolve("/admin/realms"), keycloak.adminToken(), template);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        try {
            String admin = keycloak.adminToken();
            URI adminRealm = base.resolve("/admin/realms/" + REALM + "/");
            String gatewayId = HttpCalls.json(HttpCalls.get(adminRealm.resolve("clients?clientId=parley-gateway"), admin))
                    .get(0).get("id").asText();
            String secret = HttpCalls.json(HttpCalls.get(adminRealm.resolve("clients/" + gatewayId + "/client-secret"), admin))
                    .path("value").asText();
            assertThat(secret).as("Keycloak generated the gateway's secret").hasSizeGreaterThanOrEqualTo(32)
                    .isNotEqualTo(Keycloak.GATEWAY_SECRET);

            URI tokenUri = base.resolve("/realms/" + REALM + "/protocol/openid-connect/token");
            HttpResponse<String> service = HttpCalls.postForm(tokenUri, Map.of("grant_type", "client_credentials",
                    "client_id", "parley-gateway", "client_secret", secret));
            assertThat(service.statusCode()).as(service.body()).isEqualTo(200);
            String serviceToken = HttpCalls.json(service).get("access_token").asText();
            HttpResponse<String> feed = HttpCalls.get(base.resolve("/realms/" + REALM + "/parley/revocations"), serviceToken);
            assertThat(feed.statusCode()).as("the service account holds parley-service: " + feed.body()).isEqualTo(200);
            assertThat(HttpCalls.postForm(tokenUri, Map.of("grant_type", "client_credentials", "client_id", "parley-gateway",
                    "client_secret", Keycloak.GATEWAY_SECRET)).statusCode()).as("the development secret").isEqualTo(401);

            HttpResponse<String> password = HttpCalls.postForm(tokenUri, Map.of("grant_type", "password",
                    "client_id", "parley-cli", "username", "service-account-parley-gateway", "password", "x"));
            assertThat(password.statusCode()).isEqualTo(400);
            assertThat(HttpCalls.json(password).get("error").asText()).isEqualTo("unauthorized_client");

            HttpResponse<String> device = HttpCalls.postForm(base.resolve("/realms/" + REALM + "/protocol/openid-connect/auth/device"),
                    Map.of("client_id", "parley-cli", "scope", "openid", "code_challenge",
                            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
            assertThat(device.statusCode()).as(device.body()).isEqualTo(200);
            assertThat(HttpCalls.json(device).get("user_code").asText()).isNotBlank();

            URI authorize = base.resolve("/realms/" + REALM + "/protocol/openid-connect/auth");
            String webRequest = "?client_id=parley-web&response_type=code&scope=openid&state=s1"
                    + "&redirect_uri=" + URLEncoder.encode("https://parley.example.com/parley/app/",
                    StandardCharsets.UTF_8);
            HttpResponse<String> withoutPkce = HttpCalls.get(URI.create(authorize + webRequest), null);
            assertThat(withoutPkce.statusCode()).isEqualTo(302);
            assertThat(withoutPkce.headers().firstValue("Location").orElse(""))
                    .startsWith("https://parley.example.com/parley/app/").contains("error=invalid_request");
            HttpResponse<String> withPkce = HttpCalls.get(URI.create(authorize + webRequest
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"), null);
            assertThat(withPkce.statusCode()).as("the realm's login page").isEqualTo(200);
            assertThat(withPkce.body()).contains("id=\"kc-login\"");

            JsonNode users = HttpCalls.json(HttpCalls.get(adminRealm.resolve("users?briefRepresentation=true"), admin));
            assertThat(users).as("no demo users").allSatisfy(user ->
                    assertThat(user.get("username").asText()).startsWith("service-account-"));
        } finally {
            HttpCalls.send("DELETE", base.resolve("/admin/realms/" + REALM), keycloak.adminToken(), null);
        }
    }
}
