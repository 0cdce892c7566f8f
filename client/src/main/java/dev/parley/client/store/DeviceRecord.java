package dev.parley.client.store;

import java.time.Instant;

/**
 * This state directory's registered device as the local store keeps it (public data only; the private keys are
 * in {@code keys.json}).
 *
 * @param revokedAt null while the device is active as far as this client knows
 */
public record DeviceRecord(String realm, String userId, String username, String deviceId, String deviceKey,
                           String identityFingerprint, String label, Instant registeredAt, Instant revokedAt,
                           String revocationReason) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
