package dev.parley.client.device;

import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import java.security.PrivateKey;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * This state directory's secrets: the user's Ed25519 identity key, this device's Ed25519 key (also its MLS
 * signature key) and the key that seals secrets in the local store. Private keys are 32-byte seeds (RFC 8032).
 *
 * @param userId   the Keycloak user id the keys belong to
 * @param storeKey 32 random bytes; AES-256-GCM key of the secrets kept in the local store
 */
public record DeviceKeys(String userId, Bytes identitySeed, String deviceId, Bytes deviceSeed, Bytes storeKey) {

    public DeviceKeys {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(identitySeed, "identitySeed");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceSeed, "deviceSeed");
        Objects.requireNonNull(storeKey, "storeKey");
    }

    public PrivateKey identityPrivateKey() {
        return Ed25519Keys.privateKey(identitySeed);
    }

    public PrivateKey devicePrivateKey() {
        return Ed25519Keys.privateKey(deviceSeed);
    }

    /** The raw 32-byte identity public key. */
    public Bytes identityPublicKey() {
        return publicKey(identitySeed);
    }

    /** The raw 32-byte device public key (the MLS signature key of this device's leaves). */
    public Bytes devicePublicKey() {
        return publicKey(deviceSeed);
    }

    /** The same keys for another device id (a registration that must pick a new id). */
    public DeviceKeys withDeviceId(String newDeviceId) {
        return new DeviceKeys(userId, identitySeed, newDeviceId, deviceSeed, storeKey);
    }

    static Bytes publicKey(Bytes seed) {
        return Bytes.of(new Ed25519PrivateKeyParameters(seed.toByteArray(), 0).generatePublicKey().getEncoded());
    }

    @Override
    public String toString() {
        return "DeviceKeys[userId=" + userId + ", deviceId=" + deviceId + ", secrets hidden]";
    }
}
