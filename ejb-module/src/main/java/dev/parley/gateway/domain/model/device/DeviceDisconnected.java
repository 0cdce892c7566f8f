package dev.parley.gateway.domain.model.device;

/**
 * CDI event, fired by a door: the device's live connection ended (closed, timed out or revoked) and no newer
 * connection of the device replaced it. A connection displaced by a newer one of the same device fires
 * nothing.
 */
public record DeviceDisconnected(DeviceAddress device) {
}
