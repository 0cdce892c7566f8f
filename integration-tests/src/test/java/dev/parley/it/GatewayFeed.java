package dev.parley.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The gateway's side of the revocation feed, read from its readiness check: how far its persisted cursor got. The
 * gateway applies a revocation within its poll interval, not at once, so a test that acts right after revoking waits
 * here first.
 */
final class GatewayFeed {

    private GatewayFeed() {
    }

    /** The gateway's feed cursor; -1 before its first successful read. */
    static long cursor(ParleyStack.Running stack) {
        return check(stack).path("data").path("last_seq").asLong(-1);
    }

    /** The readiness check {@code parley-revocation-feed}. */
    static JsonNode check(ParleyStack.Running stack) {
        JsonNode health = HttpCalls.json(HttpCalls.get(stack.wildfly().readinessUri(), null));
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals("parley-revocation-feed")) {
                return check;
            }
        }
        throw new AssertionError("no parley-revocation-feed check in " + health);
    }

    /** Waits until the gateway has applied every revocation the Authentication Service has recorded so far. */
    static void awaitCaughtUp(ParleyStack.Running stack, Duration deadline) {
        long seq = new AuthService(stack.keycloak()).revocations(0).get("last_seq").asLong();
        long end = System.nanoTime() + deadline.toNanos();
        while (cursor(stack) < seq) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("the gateway's feed cursor did not reach " + seq + " within " + deadline);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
