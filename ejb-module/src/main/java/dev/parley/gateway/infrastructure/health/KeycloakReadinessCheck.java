package dev.parley.gateway.infrastructure.health;

import dev.parley.gateway.infrastructure.keycloak.RealmKeysProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the realm's signing keys can be fetched: without them the gateway cannot accept a
 * token signed with a key it has not cached yet.
 */
@Readiness
@ApplicationScoped
public class KeycloakReadinessCheck implements HealthCheck {

    @Inject
    RealmKeysProbe probe;

    @Override
    public HealthCheckResponse call() {
        RealmKeysProbe.Result result = probe.probe();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("parley-keycloak")
                .status(result.reachable())
                .withData("jwks", result.jwks().toString())
                .withData("status", result.status());
        if (result.error() != null) {
            response.withData("error", result.error());
        }
        return response.build();
    }
}
