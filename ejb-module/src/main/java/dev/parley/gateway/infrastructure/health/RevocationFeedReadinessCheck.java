package dev.parley.gateway.infrastructure.health;

import dev.parley.gateway.infrastructure.keycloak.RevocationFeedPoller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the revocation feed is being read: a gateway that cannot learn of revoked devices must
 * not accept them. Reports the feed cursor ({@code last_seq}) so operators see how far it has read.
 */
@Readiness
@ApplicationScoped
public class RevocationFeedReadinessCheck implements HealthCheck {

    /** Several missed polls in a row, not one slow one. */
    private static final Duration STALE_AFTER = Duration.ofSeconds(30);

    @Inject
    RevocationFeedPoller poller;

    @Override
    public HealthCheckResponse call() {
        Instant lastSuccess = poller.lastSuccess();
        boolean fresh = lastSuccess != null && lastSuccess.isAfter(Instant.now().minus(STALE_AFTER));
        HealthCheckResponseBuilder response = HealthCheckResponse.named("parley-revocation-feed")
                .status(fresh)
                .withData("last_seq", poller.lastSeq());
        if (lastSuccess != null) {
            response.withData("last_read", lastSuccess.toString());
        }
        if (poller.lastError() != null) {
            response.withData("error", poller.lastError());
        }
        return response.build();
    }
}
