package dev.parley.gateway.infrastructure.health;

import dev.parley.gateway.application.GatewayInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the gateway's deployment answers; names the gateway and its build. */
@Liveness
@ApplicationScoped
public class GatewayLivenessCheck implements HealthCheck {

    @Inject
    GatewayInfo gateway;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("parley-gateway").up()
                .withData("gateway_id", gateway.gatewayId())
                .withData("server_version", gateway.serverVersion())
                .build();
    }
}
