package dev.parley.keycloak.device;

import dev.parley.keycloak.credential.IdentityCredentialModel;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Brings a user's devices in line with what Keycloak holds after an admin changed something: Keycloak does
 * not tell a credential provider when an admin deletes a credential, so admin events land here and every
 * difference becomes a revocation. Idempotent.
 */
public class RevocationReconciler {

    private final KeycloakSession session;
    private final DeviceStore devices;
    private final DeviceRevoker revoker;

    public RevocationReconciler(KeycloakSession session) {
        this.session = session;
        this.devices = new DeviceStore(session);
        this.revoker = new DeviceRevoker(session);
    }

    public void reconcile(RealmModel realm, String userId) {
        List<DeviceEntity> active = devices.devicesOf(realm.getId(), userId).stream()
                .filter(device -> !device.isRevoked())
                .toList();
        if (active.isEmpty()) {
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            revoker.revokeAll(realm, userId, null, RevocationReason.USER_DELETED);
        } else if (!user.isEnabled()) {
            revoker.revokeAll(realm, userId, user, RevocationReason.USER_DISABLED);
        } else if (user.credentialManager().getStoredCredentialsByTypeStream(IdentityCredentialModel.TYPE).findAny().isEmpty()) {
            revoker.revokeAll(realm, userId, user, RevocationReason.IDENTITY_RESET);
        } else {
            for (DeviceEntity device : active) {
                if (user.credentialManager().getStoredCredentialById(device.getId()) == null) {
                    revoker.revoke(user, device, RevocationReason.DEVICE_DELETED);
                }
            }
        }
    }
}
