package dev.parley.protocol.device;

import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.security.PrivateKey;
import java.util.Objects;

/**
 * What a user's identity key vouches for when it certifies a device: this device, with this signature key,
 * belongs to this user of this realm since {@code createdAt}. The certificate is the identity key's
 * Ed25519 signature over {@link #toBeSigned()}:
 *
 * <pre>
 * struct {
 *     opaque label&lt;V&gt;;        // "parley device certificate v1" (UTF-8)
 *     opaque realm&lt;V&gt;;        // realm name (UTF-8)
 *     opaque user_id&lt;V&gt;;      // Keycloak user id (UTF-8)
 *     opaque device_id&lt;V&gt;;    // UTF-8
 *     opaque device_key&lt;V&gt;;   // raw 32-byte Ed25519 public key of the device
 *     uint64 created_at;        // epoch milliseconds
 * } DeviceCertificateTBS;
 * </pre>
 *
 * {@code <V>} is the variable-length vector of RFC 9420 §2.1.2 (a QUIC-style varint length, then the bytes).
 * Anyone holding the user's identity public key can check a device without trusting the server.
 */
public record DeviceCertificate(String realm, String userId, String deviceId, Bytes deviceKey, long createdAt) {

    public static final String LABEL = "parley device certificate v1";

    public DeviceCertificate {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceKey, "deviceKey");
        if (deviceKey.length() != Ed25519Keys.KEY_LENGTH) {
            throw new IllegalArgumentException("device key must be 32 bytes, got " + deviceKey.length());
        }
        if (createdAt < 0) {
            throw new IllegalArgumentException("createdAt must not be negative");
        }
    }

    /** The exact bytes the identity key signs. */
    public Bytes toBeSigned() {
        return new TlsWriter()
                .writeOpaque(LABEL)
                .writeOpaque(realm)
                .writeOpaque(userId)
                .writeOpaque(deviceId)
                .writeOpaque(deviceKey)
                .writeU64(createdAt)
                .toBytes();
    }

    /** The certificate: the identity key's signature (64 bytes). */
    public Bytes sign(PrivateKey identityKey) {
        return Ed25519Signatures.sign(identityKey, toBeSigned());
    }

    /** Whether {@code signature} is this certificate signed by {@code identityKey} (raw 32 bytes). */
    public boolean verify(Bytes identityKey, Bytes signature) {
        return Ed25519Signatures.verify(identityKey, toBeSigned(), signature);
    }
}
