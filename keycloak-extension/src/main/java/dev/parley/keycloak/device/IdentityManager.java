package dev.parley.keycloak.device;

import dev.parley.keycloak.credential.IdentityCredentialModel;
import dev.parley.keycloak.credential.IdentityKeyData;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.IdentityKeys;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import java.security.spec.InvalidKeySpecException;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** A user's identity key: registered once, reset only explicitly (which revokes every device). */
public class IdentityManager {

    private final DeviceRevoker revoker;

    public IdentityManager(KeycloakSession session) {
        this.revoker = new DeviceRevoker(session);
    }

    public Optional<IdentityCredentialModel> find(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(IdentityCredentialModel.TYPE)
                .findFirst()
                .map(IdentityCredentialModel::of);
    }

    /**
     * @throws ParleyException {@code identity_key_invalid} for anything but a valid Ed25519 point,
     *                         {@code identity_exists} if the user has one
     */
    public IdentityCredentialModel register(UserModel user, Bytes identityKey) {
        try {
            Ed25519Keys.publicKey(identityKey);
        } catch (InvalidKeySpecException e) {
            throw new ParleyException(ParleyError.IDENTITY_KEY_INVALID);
        }
        if (find(user).isPresent()) {
            throw new ParleyException(ParleyError.IDENTITY_EXISTS);
        }
        IdentityKeyData data = new IdentityKeyData(Base64Url.encode(identityKey), IdentityKeys.fingerprint(identityKey));
        IdentityCredentialModel model = IdentityCredentialModel.create(data, System.currentTimeMillis());
        return IdentityCredentialModel.of(user.credentialManager().createCredentialThroughProvider(model));
    }

    /** Deletes the identity key and revokes every device it certified. Nothing to reset is not an error. */
    public void reset(RealmModel realm, UserModel user) {
        revoker.revokeAll(realm, user.getId(), user, RevocationReason.IDENTITY_RESET);
        find(user).ifPresent(identity -> user.credentialManager().removeStoredCredentialById(identity.getId()));
    }
}
