package dev.parley.gateway.domain.model.device;

/**
 * CDI event: the Authentication Service revoked this device. Observers close its connections and drop its
 * state (KeyPackages, presence). Fired once per feed entry after the gateway's cached view of the user was
 * dropped; may be fired again for the same device after a crash between firing and saving the cursor, so
 * observers must be idempotent.
 *
 * @param seq    the entry's position in the revocation feed
 * @param reason {@code device_revoked}, {@code device_deleted}, {@code identity_reset}, {@code user_disabled}
 *               or {@code user_deleted}
 */
public record DeviceRevoked(String userId, String deviceId, String reason, long seq) {
}
