package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.Ports;
import dev.parley.devstack.WildFlyServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gateway that cannot reach the realm's keys says so: readiness is DOWN naming Keycloak, and a genuine
 * token is refused with 503 {@code auth_unavailable} (retry), not with a 401 that would send the user to
 * sign in again.
 */
@ExtendWith(ParleyStack.class)
class RealmKeysUnreachableIT {

    private static WildFlyServer gateway;
    private static Keycloak keycloak;

    @BeforeAll
    static void startGatewayWithoutKeys(ParleyStack.Running stack) throws Exception {
        keycloak = new Keycloak(stack.keycloak());
        gateway = stack.extraGateway("wildfly-no-keys")
                .systemProperty("parley.oidc.jwks-url", "http://127.0.0.1:" + Ports.anyFree() + "/certs");
        gateway.start();
        gateway.awaitDeployed(Duration.ofMinutes(3));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void readinessIsDownAndNamesKeycloak() {
        HttpResponse<String> response = HttpCalls.get(gateway.readinessUri(), null);

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = HttpCalls.json(response);
        assertThat(health.get("status").asText()).isEqualTo("DOWN");
        assertThat(health.get("checks")).anySatisfy(check -> {
            assertThat(check.get("name").asText()).isEqualTo("parley-keycloak");
            assertThat(check.get("status").asText()).isEqualTo("DOWN");
        });
    }

    @Test
    void aGenuineTokenIsAuthUnavailableNotUnauthorized() {
        HttpResponse<String> response = HttpCalls.get(gateway.gatewayUri().resolve("api/v1/me"), keycloak.accessToken("alice"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(HttpCalls.json(response).get("error").asText()).isEqualTo("auth_unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
}
