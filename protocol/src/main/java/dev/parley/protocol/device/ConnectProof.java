package dev.parley.protocol.device;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.security.PrivateKey;
import java.util.Objects;

/**
 * Proof of device possession when a WebSocket connects: the device's Ed25519 signature over the gateway's
 * single-use nonce, bound to the gateway, the user and the device:
 *
 * <pre>
 * struct {
 *     opaque label&lt;V&gt;;       // "parley connect proof v1" (UTF-8)
 *     opaque gateway_id&lt;V&gt;;  // the gateway named in its hello frame (UTF-8)
 *     opaque user_id&lt;V&gt;;     // Keycloak user id of the access token (UTF-8)
 *     opaque device_id&lt;V&gt;;   // UTF-8
 *     opaque nonce&lt;V&gt;;       // the nonce of the hello frame (base64url-decoded)
 * } ConnectProofTBS;
 * </pre>
 *
 * The label keeps a connect proof from ever being valid as a registration proof ({@link DeviceProof}) and
 * the other way round; the nonce is fresh per connection, so a proof cannot be replayed.
 */
public record ConnectProof(String gatewayId, String userId, String deviceId, Bytes nonce) {

    public static final String LABEL = "parley connect proof v1";

    public ConnectProof {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(nonce, "nonce");
    }

    public Bytes toBeSigned() {
        return new TlsWriter()
                .writeOpaque(LABEL)
                .writeOpaque(gatewayId)
                .writeOpaque(userId)
                .writeOpaque(deviceId)
                .writeOpaque(nonce)
                .toBytes();
    }

    /** Signs with the device's private key (what the client does). */
    public Bytes sign(PrivateKey devicePrivateKey) {
        return Ed25519Signatures.sign(devicePrivateKey, toBeSigned());
    }

    /** Whether {@code signature} was made over this proof by the device key {@code devicePublicKey}. */
    public boolean verify(Bytes devicePublicKey, Bytes signature) {
        return Ed25519Signatures.verify(devicePublicKey, toBeSigned(), signature);
    }
}
