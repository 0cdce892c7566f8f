package dev.parley.keycloak.device;

import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Revokes devices everywhere at once: marks the row, appends to the feed and deletes the device credential
 * if it still exists. Revoking a revoked device does nothing, so every path may call it.
 */
public class DeviceRevoker {

    private final DeviceStore devices;
    private final RevocationFeed feed;

    public DeviceRevoker(KeycloakSession session) {
        this.devices = new DeviceStore(session);
        this.feed = new RevocationFeed(session);
    }

    /** @param user the owner, or {@code null} when the user is being deleted (its credentials go with it) */
    public void revoke(UserModel user, DeviceEntity device, RevocationReason reason) {
        if (device.isRevoked()) {
            return;
        }
        long now = System.currentTimeMillis();
        device.setRevokedAt(now);
        device.setRevocationReason(reason.code());
        feed.append(device, reason, now);
        if (user != null && user.credentialManager().getStoredCredentialById(device.getId()) != null) {
            user.credentialManager().removeStoredCredentialById(device.getId());
        }
    }

    /** Revokes every active device of the user. */
    public void revokeAll(RealmModel realm, String userId, UserModel user, RevocationReason reason) {
        List<DeviceEntity> all = devices.devicesOf(realm.getId(), userId);
        for (DeviceEntity device : all) {
            revoke(user, device, reason);
        }
    }
}
