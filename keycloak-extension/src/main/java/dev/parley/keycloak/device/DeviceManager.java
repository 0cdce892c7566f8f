package dev.parley.keycloak.device;

import dev.parley.keycloak.credential.DeviceCredentialModel;
import dev.parley.keycloak.credential.DeviceData;
import dev.parley.keycloak.credential.IdentityCredentialModel;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.DeviceCertificate;
import dev.parley.protocol.device.DeviceProof;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.persistence.PersistenceException;
import java.util.List;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Registers, lists, renames and revokes the devices of the signed-in user.
 *
 * <p>Invariant: a device is stored only if its challenge was live and issued to the user, its suite is
 * supported, the device key signed the proof, the user's current identity key signed its certificate, its id
 * and key were never used before, and the user stays within the realm's device limit. Every check runs
 * before anything is written, so a rejected registration stores nothing (except that the challenge is used up).
 */
public class DeviceManager {

    private final ChallengeStore challenges;
    private final IdentityManager identities;
    private final DeviceStore devices;
    private final DeviceRevoker revoker;
    private final RateLimiter rateLimiter;

    public DeviceManager(KeycloakSession session) {
        this.challenges = new ChallengeStore(session);
        this.identities = new IdentityManager(session);
        this.devices = new DeviceStore(session);
        this.revoker = new DeviceRevoker(session);
        this.rateLimiter = new RateLimiter(session);
    }

    public DeviceEntity register(RealmModel realm, UserModel user, DeviceRegistration registration) {
        ParleySettings settings = ParleySettings.of(realm);
        rateLimiter.acquire(realm, user, RateLimiter.Action.REGISTRATION, settings.registrationsPerMinute());
        challenges.consume(realm, user, registration.challenge());
        if (!registration.cipherSuite().isSupported()) {
            throw new ParleyException(ParleyError.CIPHER_SUITE_UNSUPPORTED,
                    "Cipher suite " + registration.cipherSuite().displayName() + " is not supported; use suite 1.");
        }
        IdentityCredentialModel identity = identities.find(user)
                .orElseThrow(() -> new ParleyException(ParleyError.IDENTITY_REQUIRED));

        DeviceProof proof = new DeviceProof(realm.getName(), user.getId(), registration.challenge(),
                registration.deviceId(), registration.deviceKey());
        if (!proof.verify(registration.challengeSignature())) {
            throw new ParleyException(ParleyError.PROOF_INVALID);
        }
        DeviceCertificate certificate = new DeviceCertificate(realm.getName(), user.getId(), registration.deviceId(),
                registration.deviceKey(), registration.createdAt());
        if (!certificate.verify(Base64Url.decode(identity.data().publicKey()), registration.certificate())) {
            throw new ParleyException(ParleyError.CERTIFICATE_INVALID);
        }

        String deviceKey = Base64Url.encode(registration.deviceKey());
        if (devices.find(realm.getId(), user.getId(), registration.deviceId()).isPresent()) {
            throw new ParleyException(ParleyError.DEVICE_EXISTS);
        }
        if (devices.keyExists(realm.getId(), deviceKey)) {
            throw new ParleyException(ParleyError.DEVICE_KEY_DUPLICATE);
        }
        int limit = settings.maxDevicesPerUser();
        if (devices.countActive(realm.getId(), user.getId()) >= limit) {
            throw new ParleyException(ParleyError.DEVICE_LIMIT_REACHED,
                    "This realm allows " + limit + " active devices per user. Revoke one first.");
        }

        requireFreeName(user, registration.label(), null);

        DeviceData data = new DeviceData(registration.deviceId(), deviceKey, registration.cipherSuite().code(),
                registration.platform(), Base64Url.encode(registration.certificate()), registration.createdAt());
        CredentialModel credential = user.credentialManager()
                .createCredentialThroughProvider(DeviceCredentialModel.create(data, registration.label()));
        DeviceEntity device = toEntity(realm, user, credential.getId(), data, registration.label());
        try {
            devices.insert(device);
        } catch (PersistenceException e) {
            // a concurrent registration took the id or the key between our checks and the insert
            throw new ParleyException(ParleyError.DEVICE_KEY_DUPLICATE,
                    "Another registration with this device id or key was stored at the same time.");
        }
        return device;
    }

    /** The user's devices, revoked ones included, oldest first. */
    public List<DeviceEntity> list(RealmModel realm, UserModel user) {
        return devices.devicesOf(realm.getId(), user.getId());
    }

    /** Sets the device's name (the credential's label in the admin console). */
    public DeviceEntity rename(RealmModel realm, UserModel user, String deviceId, String label) {
        DeviceEntity device = activeDevice(realm, user, deviceId);
        requireFreeName(user, label, device.getId());
        device.setLabel(label);
        user.credentialManager().updateCredentialLabel(device.getId(), label);
        return device;
    }

    public void revoke(RealmModel realm, UserModel user, String deviceId) {
        revoker.revoke(user, activeDevice(realm, user, deviceId), RevocationReason.DEVICE_REVOKED);
    }

    /** Keycloak keeps credential labels unique per user; a device's name is its credential's label. */
    private static void requireFreeName(UserModel user, String label, String ownCredentialId) {
        boolean taken = user.credentialManager().getStoredCredentialsStream()
                .anyMatch(credential -> label.equals(credential.getUserLabel()) && !credential.getId().equals(ownCredentialId));
        if (taken) {
            throw new ParleyException(ParleyError.DEVICE_NAME_TAKEN,
                    "Another of your devices is already named '" + label + "'. Choose another name.");
        }
    }

    private DeviceEntity activeDevice(RealmModel realm, UserModel user, String deviceId) {
        return devices.find(realm.getId(), user.getId(), deviceId)
                .filter(device -> !device.isRevoked())
                .orElseThrow(() -> new ParleyException(ParleyError.DEVICE_NOT_FOUND));
    }

    private static DeviceEntity toEntity(RealmModel realm, UserModel user, String credentialId, DeviceData data, String label) {
        DeviceEntity device = new DeviceEntity();
        device.setId(credentialId);
        device.setRealmId(realm.getId());
        device.setUserId(user.getId());
        device.setDeviceId(data.deviceId());
        device.setDeviceKey(data.deviceKey());
        device.setCertificate(data.certificate());
        device.setCipherSuite(data.cipherSuite());
        device.setPlatform(data.platform());
        device.setLabel(label);
        device.setCreatedAt(data.createdAt());
        return device;
    }
}
