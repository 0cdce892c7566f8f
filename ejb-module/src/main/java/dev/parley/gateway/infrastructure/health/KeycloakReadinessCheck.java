package dev.parley.gateway.infrastructure.health;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the realm's signing keys can be fetched: without them the gateway cannot accept a
 * token it has not seen the key for.
 */
@Readiness
@ApplicationScoped
public class KeycloakReadinessCheck implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Inject
    GatewayConfig config;

    @Override
    public HealthCheckResponse call() {
        URI jwks = config.jwksUri();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(jwks).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return HealthCheckResponse.named("parley-keycloak")
                    .status(response.statusCode() == 200)
                    .withData("jwks", jwks.toString())
                    .withData("status", response.statusCode())
                    .build();
        } catch (IOException e) {
            return down(jwks, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(jwks, "interrupted");
        }
    }

    private static HealthCheckResponse down(URI jwks, String error) {
        return HealthCheckResponse.named("parley-keycloak").down()
                .withData("jwks", jwks.toString())
                .withData("error", error)
                .build();
    }
}
