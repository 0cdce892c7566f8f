package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.devstack.KeycloakServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin console's Realm settings → Parley tab saves a component of the declarative UI; the extension
 * copies what was saved into the realm attributes that the REST API reads, and refuses settings that cannot work.
 */
@ExtendWith(ParleyStack.class)
class ParleySettingsTabIT {

    private static final String UI_TAB = "org.keycloak.services.ui.extend.UiTabProvider";

    private Keycloak keycloak;
    private URI realmUri;

    @BeforeEach
    void connect(ParleyStack.Running stack) {
        keycloak = new Keycloak(stack.keycloak());
        realmUri = stack.keycloak().baseUri().resolve("/admin/realms/" + KeycloakServer.REALM);
    }

    @Test
    void savingTheParleyTabUpdatesTheRealmSettings() {
        Map<String, String> before = keycloak.realmAttributes();
        try {
            int status = saveTab(Map.of(
                    "parley.maxDevicesPerUser", List.of("10"),
                    "parley.directoryPolicy", List.of("realm"),
                    "parley.gatewayUrl", List.of("https://chat.example.test/parley")));

            assertThat(status).isEqualTo(201);
            Map<String, String> attributes = keycloak.realmAttributes();
            assertThat(attributes.get("parley.gatewayUrl")).isEqualTo("https://chat.example.test/parley");
            assertThat(attributes.get("parley.maxDevicesPerUser")).isEqualTo("10");
        } finally {
            keycloak.setRealmAttributes(Map.of("parley.gatewayUrl", before.getOrDefault("parley.gatewayUrl", "")));
        }
    }

    @Test
    void aDeviceLimitBelowOneIsRefused() {
        int status = saveTab(Map.of("parley.maxDevicesPerUser", List.of("0")));

        assertThat(status).isEqualTo(400);
        assertThat(keycloak.realmAttributes().get("parley.maxDevicesPerUser")).isEqualTo("10");
    }

    @Test
    void theContactsPolicyNeedsAGatewayUrl() {
        Map<String, String> before = keycloak.realmAttributes();

        assertThat(saveTab(Map.of("parley.directoryPolicy", List.of("contacts")))).isEqualTo(400);
        assertThat(saveTab(Map.of("parley.directoryPolicy", List.of("contacts"), "parley.gatewayUrl", List.of("chat.example.test"))))
                .as("not a URL").isEqualTo(400);

        assertThat(keycloak.realmAttributes()).isEqualTo(before);
    }

    private int saveTab(Map<String, List<String>> config) {
        String admin = keycloak.adminToken();
        String realmId = HttpCalls.json(HttpCalls.get(realmUri, admin)).get("id").asText();
        return HttpCalls.send("POST", URI.create(realmUri + "/components"), admin, Map.of(
                "name", "Parley", "providerId", "Parley", "providerType", UI_TAB, "parentId", realmId,
                "config", config)).statusCode();
    }
}
