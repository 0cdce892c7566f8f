package dev.parley.gateway.domain.model.keypackage;

import dev.parley.gateway.domain.model.push.PushFrame;

/**
 * The frame pushed to a device whose one-time KeyPackages fell below the low-water mark:
 * {@code {"type": "key_packages_low", "device_id", "remaining"}}. The device uploads more.
 */
public record KeyPackagesLowPush(String type, String deviceId, long remaining) implements PushFrame {

    public static KeyPackagesLowPush of(KeyPackagesLow low) {
        return new KeyPackagesLowPush("key_packages_low", low.deviceId(), low.remaining());
    }
}
