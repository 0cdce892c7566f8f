package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway reads the revocation feed as its service account: a device deleted by an admin is applied by
 * the gateway (its persisted feed cursor, reported by readiness, passes the revocation) within 10 s.
 */
@ExtendWith(ParleyStack.class)
class GatewayRevocationFeedIT {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void anAdminRevocationReachesTheGatewayWithinTenSeconds(ParleyStack.Running stack) throws InterruptedException {
        AuthService as = new AuthService(stack.keycloak());
        Keycloak keycloak = new Keycloak(stack.keycloak());
        AuthService.User user = as.userWithIdentity();
        as.registerDevice(user, "laptop");
        String credentialId = null;
        for (JsonNode credential : keycloak.credentials(user.id())) {
            if (credential.get("type").asText().equals("parley-device")) {
                credentialId = credential.get("id").asText();
            }
        }

        assertThat(keycloak.admin("DELETE", "users/" + user.id() + "/credentials/" + credentialId, null)).isEqualTo(204);
        Instant revokedAt = Instant.now();
        long seq = as.revocations(0).get("last_seq").asLong();

        long gatewaySeq = -1;
        while (Instant.now().isBefore(revokedAt.plus(DEADLINE)) && gatewaySeq < seq) {
            gatewaySeq = GatewayFeed.cursor(stack);
            Thread.sleep(200);
        }
        assertThat(gatewaySeq).as("the gateway's feed cursor 10 s after the revocation").isGreaterThanOrEqualTo(seq);
        assertThat(GatewayFeed.check(stack).get("status").asText()).isEqualTo("UP");
    }
}
