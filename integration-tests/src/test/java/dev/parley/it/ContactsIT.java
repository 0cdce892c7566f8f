package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contacts and blocks over REST, with fresh realm users per test and real tokens: request, accept,
 * decline, cancel, remove, block without revealing it, and the contact-request rate limit.
 */
@ExtendWith(ParleyStack.class)
class ContactsIT {

    private static Keycloak keycloak;
    private static URI api;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        keycloak = new Keycloak(stack.keycloak());
        api = stack.wildfly().gatewayUri().resolve("api/v1/");
    }

    @Test
    void aRequestAcceptedMakesContactsBothWaysUntilRemoved() {
        Keycloak.TestUser ann = keycloak.createTestUser("ann");
        Keycloak.TestUser ben = keycloak.createTestUser("ben");

        HttpResponse<String> requested = request(ann, ben.userId());
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(200);
        assertThat(HttpCalls.json(requested).get("state").asText()).isEqualTo("requested");
        assertThat(userIds(contacts(ann), "outgoing")).containsExactly(ben.userId());
        assertThat(userIds(contacts(ben), "incoming")).containsExactly(ann.userId());
        assertThat(request(ann, ben.userId()).statusCode()).as("repeating a pending request").isEqualTo(200);

        HttpResponse<String> accepted = HttpCalls.send("POST", api.resolve("contacts/requests/" + ann.userId() + "/accept"), ben.accessToken(), null);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(HttpCalls.json(accepted).get("state").asText()).isEqualTo("contact");
        assertThat(userIds(contacts(ann), "contacts")).containsExactly(ben.userId());
        assertThat(userIds(contacts(ben), "contacts")).containsExactly(ann.userId());
        assertThat(userIds(contacts(ben), "incoming")).isEmpty();
        assertError(request(ann, ben.userId()), 409, "contact_already");

        assertThat(HttpCalls.send("DELETE", api.resolve("contacts/" + ann.userId()), ben.accessToken(), null).statusCode()).isEqualTo(204);
        assertThat(userIds(contacts(ann), "contacts")).isEmpty();
        assertError(HttpCalls.send("DELETE", api.resolve("contacts/" + ann.userId()), ben.accessToken(), null), 404, "contact_not_found");
    }

    @Test
    void requestsBothWaysConnectAtOnce() {
        Keycloak.TestUser ann = keycloak.createTestUser("ann");
        Keycloak.TestUser ben = keycloak.createTestUser("ben");
        request(ann, ben.userId());

        HttpResponse<String> response = request(ben, ann.userId());

        assertThat(HttpCalls.json(response).get("state").asText()).isEqualTo("contact");
        assertThat(userIds(contacts(ann), "contacts")).containsExactly(ben.userId());
        assertThat(userIds(contacts(ann), "outgoing")).isEmpty();
    }

    @Test
    void declinedAndCancelledRequestsDisappear() {
        Keycloak.TestUser ann = keycloak.createTestUser("ann");
        Keycloak.TestUser ben = keycloak.createTestUser("ben");

        request(ann, ben.userId());
        assertThat(HttpCalls.send("POST", api.resolve("contacts/requests/" + ann.userId() + "/decline"), ben.accessToken(), null).statusCode())
                .isEqualTo(204);
        assertThat(userIds(contacts(ann), "outgoing")).isEmpty();
        assertError(HttpCalls.send("POST", api.resolve("contacts/requests/" + ann.userId() + "/accept"), ben.accessToken(), null),
                404, "contact_request_not_found");

        request(ann, ben.userId());
        assertThat(HttpCalls.send("DELETE", api.resolve("contacts/requests/" + ben.userId()), ann.accessToken(), null).statusCode())
                .isEqualTo(204);
        assertThat(userIds(contacts(ben), "incoming")).isEmpty();
    }

    @Test
    void aBlockEndsTheContactAndRefusesRequestsWithoutRevealingIt() {
        Keycloak.TestUser ann = keycloak.createTestUser("ann");
        Keycloak.TestUser ben = keycloak.createTestUser("ben");
        request(ann, ben.userId());
        request(ben, ann.userId());

        assertThat(HttpCalls.send("PUT", api.resolve("blocks/" + ann.userId()), ben.accessToken(), null).statusCode()).isEqualTo(204);
        assertThat(HttpCalls.send("PUT", api.resolve("blocks/" + ann.userId()), ben.accessToken(), null).statusCode())
                .as("blocking twice").isEqualTo(204);

        assertThat(userIds(contacts(ann), "contacts")).isEmpty();
        assertThat(userIds(contacts(ben), "contacts")).isEmpty();
        HttpResponse<String> refused = request(ann, ben.userId());
        assertError(refused, 403, "contact_refused");
        assertThat(HttpCalls.json(refused).get("message").asText()).doesNotContainIgnoringCase("block");
        assertThat(userIds(contacts(ben), "incoming")).isEmpty();
        assertThat(userIds(HttpCalls.json(HttpCalls.get(api.resolve("blocks"), ben.accessToken())), "blocked"))
                .containsExactly(ann.userId());

        assertThat(HttpCalls.send("DELETE", api.resolve("blocks/" + ann.userId()), ben.accessToken(), null).statusCode()).isEqualTo(204);
        assertThat(HttpCalls.json(request(ann, ben.userId())).get("state").asText()).isEqualTo("requested");
    }

    @Test
    void badRequestsAreNamed() {
        Keycloak.TestUser ann = keycloak.createTestUser("ann");

        assertError(request(ann, ann.userId()), 400, "contact_self");
        assertError(request(ann, "not a user id!"), 400, "bad_request");
        assertError(HttpCalls.postJson(api.resolve("contacts/requests"), ann.accessToken(), Map.of()), 400, "bad_request");
        // a body that is not JSON of the request's form is refused by name, not answered as a bug (500)
        assertError(HttpCalls.send("POST", api.resolve("contacts/requests"), ann.accessToken(), "{not json"), 400, "malformed_json");
        assertError(HttpCalls.send("POST", api.resolve("contacts/requests"), ann.accessToken(), "[]"), 400, "malformed_json");
        assertError(HttpCalls.send("POST", api.resolve("contacts/requests"), ann.accessToken(), "{\"user_id\": {}}"), 400, "malformed_json");
        assertError(HttpCalls.send("PUT", api.resolve("blocks/" + ann.userId()), ann.accessToken(), null), 400, "block_self");
        assertError(HttpCalls.send("POST", api.resolve("contacts/requests/" + "x".repeat(65) + "/accept"), ann.accessToken(), null),
                400, "bad_request");
    }

    @Test
    void contactRequestsAreRateLimitedAndARefusedOneStoresNothing() {
        Keycloak.TestUser ann = keycloak.createTestUser("ann");
        List<String> addressees = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String addressee = UUID.randomUUID().toString();
            addressees.add(addressee);
            assertThat(request(ann, addressee).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> limited = request(ann, UUID.randomUUID().toString());

        assertError(limited, 429, "rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(HttpCalls.json(limited).get("retry_after_seconds").asLong()).isBetween(1L, 60L);
        assertThat(userIds(contacts(ann), "outgoing")).containsExactlyInAnyOrderElementsOf(addressees);
    }

    private static HttpResponse<String> request(Keycloak.TestUser from, String toUserId) {
        return HttpCalls.postJson(api.resolve("contacts/requests"), from.accessToken(), Map.of("user_id", toUserId));
    }

    private static JsonNode contacts(Keycloak.TestUser user) {
        HttpResponse<String> response = HttpCalls.get(api.resolve("contacts"), user.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        return HttpCalls.json(response);
    }

    private static List<String> userIds(JsonNode overview, String list) {
        List<String> ids = new ArrayList<>();
        overview.get(list).forEach(entry -> ids.add(entry.get("user_id").asText()));
        return ids;
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(HttpCalls.json(response).get("error").asText()).isEqualTo(code);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
}
