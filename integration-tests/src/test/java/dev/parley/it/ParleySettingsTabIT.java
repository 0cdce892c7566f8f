package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.KeycloakServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin console's Realm settings → Parley tab saves a component of the declarative UI; the extension
 * copies what was saved into the realm attributes that the REST API reads.
 */
@ExtendWith(ParleyStack.class)
class ParleySettingsTabIT {

    private static final String UI_TAB = "org.keycloak.services.ui.extend.UiTabProvider";

    @Test
    void savingTheParleyTabUpdatesTheRealmSettings(ParleyStack.Running stack) {
        Keycloak keycloak = new Keycloak(stack.keycloak());
        String admin = keycloak.adminToken();
        URI realmUri = stack.keycloak().baseUri().resolve("/admin/realms/" + KeycloakServer.REALM);
        String realmId = HttpCalls.json(HttpCalls.get(realmUri, admin)).get("id").asText();

        int status = HttpCalls.send("POST", URI.create(realmUri + "/components"), admin, Map.of(
                "name", "Parley", "providerId", "Parley", "providerType", UI_TAB, "parentId", realmId,
                "config", Map.of(
                        "parley.maxDevicesPerUser", List.of("10"),
                        "parley.directoryPolicy", List.of("realm"),
                        "parley.gatewayUrl", List.of("https://chat.example.test/parley")))).statusCode();

        assertThat(status).isEqualTo(201);
        JsonNode attributes = HttpCalls.json(HttpCalls.get(realmUri, admin)).get("attributes");
        assertThat(attributes.get("parley.gatewayUrl").asText()).isEqualTo("https://chat.example.test/parley");
        assertThat(attributes.get("parley.maxDevicesPerUser").asText()).isEqualTo("10");
    }

    @Test
    void aDeviceLimitBelowOneIsRefused(ParleyStack.Running stack) {
        Keycloak keycloak = new Keycloak(stack.keycloak());
        String admin = keycloak.adminToken();
        URI realmUri = stack.keycloak().baseUri().resolve("/admin/realms/" + KeycloakServer.REALM);
        String realmId = HttpCalls.json(HttpCalls.get(realmUri, admin)).get("id").asText();

        int status = HttpCalls.send("POST", URI.create(realmUri + "/components"), admin, Map.of(
                "name", "Parley", "providerId", "Parley", "providerType", UI_TAB, "parentId", realmId,
                "config", Map.of("parley.maxDevicesPerUser", List.of("0")))).statusCode();

        assertThat(status).isEqualTo(400);
        assertThat(HttpCalls.json(HttpCalls.get(realmUri, admin)).get("attributes").get("parley.maxDevicesPerUser").asText())
                .isEqualTo("10");
    }
}
