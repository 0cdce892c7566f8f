package dev.parley.gateway.infrastructure.keycloak;

/** One entry of the Authentication Service's revocation feed. */
public record RevocationEntry(long seq, String userId, String deviceId, String reason) {
}
