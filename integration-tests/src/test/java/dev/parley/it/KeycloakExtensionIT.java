package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Parley extension is loaded into the real Keycloak and serves its realm API to signed-in users only. */
@ExtendWith(ParleyStack.class)
class KeycloakExtensionIT {

    @Test
    void theRealmApiAnswersASignedInUser(ParleyStack.Running stack) {
        Keycloak keycloak = new Keycloak(stack.keycloak());
        String token = keycloak.accessToken("carol");

        HttpResponse<String> response = HttpCalls.get(info(stack), token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = HttpCalls.json(response);
        assertThat(body.get("realm").asText()).isEqualTo("parley");
        assertThat(body.get("user_id").asText()).isEqualTo(Keycloak.claims(token).get("sub").asText());
        assertThat(body.get("extension_version").asText()).isNotBlank();
    }

    @Test
    void theRealmApiRefusesAnonymousCallers(ParleyStack.Running stack) {
        HttpResponse<String> response = HttpCalls.get(info(stack), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(HttpCalls.json(response).get("error").asText()).isEqualTo("token_missing");
    }

    private static URI info(ParleyStack.Running stack) {
        return URI.create(stack.keycloak().realmUri() + "/parley/info");
    }
}
