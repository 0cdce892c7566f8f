package dev.parley.gateway.domain.model.device;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's view of the devices registered in the Authentication Service. Every check that needs a
 * device's key (KeyPackage upload, device proof at connect) goes through here.
 *
 * <p>Invariant: a revoked device is never returned as unrevoked once the revocation has reached the
 * gateway (within 10 s of it happening in Keycloak).
 */
public interface DeviceDirectory {

    /** The device, revoked or not; empty when the user has no such device. */
    Optional<DeviceRecord> find(String userId, String deviceId);

    /** Every device of the user, revoked ones included. */
    List<DeviceRecord> devicesOf(String userId);

    /**
     * The calling device, registered and not revoked.
     *
     * @throws ParleyException {@code device_id_required}, {@code device_not_found} or {@code device_revoked}
     */
    default DeviceRecord requireActive(String userId, String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new ParleyException(ParleyError.DEVICE_ID_REQUIRED);
        }
        DeviceRecord device = find(userId, deviceId).orElseThrow(() -> new ParleyException(ParleyError.DEVICE_NOT_FOUND));
        if (device.revoked()) {
            throw new ParleyException(ParleyError.DEVICE_REVOKED);
        }
        return device;
    }
}
