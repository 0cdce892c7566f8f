package dev.parley.gateway.interfaces.auth;

import dev.parley.gateway.application.GatewayInfo;
import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.protocol.device.ConnectProof;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.mls.tls.Bytes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Checks a realtime door's device proof: the device's Ed25519 signature over {@code ConnectProofTBS} (gateway id, the
 * token's user, the device, the door's nonce), with the key the Authentication Service's directory holds for it.
 */
@ApplicationScoped
public class DeviceProofVerifier {

    @Inject
    DeviceDirectory devices;

    @Inject
    GatewayInfo gateway;

    /** Why the proof is refused ({@code device_not_found}, {@code device_revoked}, {@code device_proof_invalid}), or empty. */
    public Optional<ParleyError> refusal(String userId, String deviceId, Bytes nonce, Bytes signature) {
        Optional<DeviceRecord> device = devices.find(userId, deviceId);
        if (device.isEmpty()) {
            return Optional.of(ParleyError.DEVICE_NOT_FOUND);
        }
        if (device.get().revoked()) {
            return Optional.of(ParleyError.DEVICE_REVOKED);
        }
        if (!new ConnectProof(gateway.gatewayId(), userId, deviceId, nonce).verify(Bytes.of(device.get().signatureKey()), signature)) {
            return Optional.of(ParleyError.DEVICE_PROOF_INVALID);
        }
        return Optional.empty();
    }
}
