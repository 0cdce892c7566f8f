package dev.parley.protocol.device;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.security.PrivateKey;
import java.util.Objects;

/**
 * Proof of possession of a device key: the device's Ed25519 signature over a single-use challenge the
 * Authentication Service issued to this user, bound to the device being registered:
 *
 * <pre>
 * struct {
 *     opaque label&lt;V&gt;;       // "parley device proof v1" (UTF-8)
 *     opaque realm&lt;V&gt;;       // realm name (UTF-8)
 *     opaque user_id&lt;V&gt;;     // Keycloak user id (UTF-8)
 *     opaque challenge&lt;V&gt;;   // the challenge bytes as issued (base64url-decoded)
 *     opaque device_id&lt;V&gt;;   // UTF-8
 *     opaque device_key&lt;V&gt;;  // raw 32-byte Ed25519 public key; the key that signs
 * } DeviceProofTBS;
 * </pre>
 *
 * Binding realm, user and device into the signed bytes keeps a proof from being replayed elsewhere even if
 * a challenge leaked.
 */
public record DeviceProof(String realm, String userId, Bytes challenge, String deviceId, Bytes deviceKey) {

    public static final String LABEL = "parley device proof v1";

    public DeviceProof {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceKey, "deviceKey");
    }

    public Bytes toBeSigned() {
        return new TlsWriter()
                .writeOpaque(LABEL)
                .writeOpaque(realm)
                .writeOpaque(userId)
                .writeOpaque(challenge)
                .writeOpaque(deviceId)
                .writeOpaque(deviceKey)
                .toBytes();
    }

    /** Signs with the device's private key (what the client does). */
    public Bytes sign(PrivateKey deviceKeyPrivate) {
        return Ed25519Signatures.sign(deviceKeyPrivate, toBeSigned());
    }

    /** Whether {@code signature} was made by {@link #deviceKey()} over this proof. */
    public boolean verify(Bytes signature) {
        return Ed25519Signatures.verify(deviceKey, toBeSigned(), signature);
    }
}
