package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MicroProfile Health on the management port reports the database and Keycloak. */
@ExtendWith(ParleyStack.class)
class HealthIT {

    @Test
    void readyReportsTheDatabaseAndKeycloakUp(ParleyStack.Running stack) {
        HttpResponse<String> response = HttpCalls.get(stack.wildfly().readinessUri(), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = HttpCalls.json(response);
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode database = check(health, "parley-database");
        assertThat(database.get("status").asText()).isEqualTo("UP");
        assertThat(database.get("data").get("product").asText()).isEqualTo(stack.database().productName);
        assertThat(check(health, "parley-keycloak").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void liveNamesTheGateway(ParleyStack.Running stack) {
        HttpResponse<String> response = HttpCalls.get(stack.wildfly().livenessUri(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode gateway = check(HttpCalls.json(response), "parley-gateway");
        assertThat(gateway.get("status").asText()).isEqualTo("UP");
        assertThat(gateway.get("data").get("gateway_id").asText()).isEqualTo("gw_it");
    }

    @Test
    void metricsArePrometheusText(ParleyStack.Running stack) {
        HttpResponse<String> response = HttpCalls.get(
                java.net.URI.create("http://localhost:" + stack.wildfly().managementPort() + "/metrics"), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("# TYPE ")
                .contains("parley_connected_devices", "parley_revocations_applied_total", "parley_log_batch_messages_count");
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("No health check " + name + " in " + health);
    }
}
