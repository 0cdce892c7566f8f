package dev.parley.gateway.domain.model.push;

import dev.parley.gateway.domain.model.device.DeviceAddress;

/**
 * CDI event: deliver {@code frame} to {@code device}'s live connection, on whichever door holds it. Delivery
 * is best effort and at most once: a device without a live connection on this node misses the push (it
 * reads the current state when it connects again).
 */
public record DevicePush(DeviceAddress device, PushFrame frame) {
}
