package dev.parley.gateway.application;

import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The device a request acts for: named by the client, checked against the Authentication Service's directory. */
@ApplicationScoped
public class CallerDevices {

    @Inject
    DeviceDirectory devices;

    /**
     * The caller's device, registered and not revoked.
     *
     * @throws ParleyException {@code device_id_required}, {@code device_not_found} or {@code device_revoked}
     */
    public DeviceRecord require(String userId, String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new ParleyException(ParleyError.DEVICE_ID_REQUIRED);
        }
        DeviceRecord device = devices.find(userId, deviceId)
                .orElseThrow(() -> new ParleyException(ParleyError.DEVICE_NOT_FOUND));
        if (device.revoked()) {
            throw new ParleyException(ParleyError.DEVICE_REVOKED);
        }
        return device;
    }
}
