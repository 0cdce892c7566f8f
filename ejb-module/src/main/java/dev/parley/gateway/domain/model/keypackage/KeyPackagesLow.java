package dev.parley.gateway.domain.model.keypackage;

/**
 * CDI event: a claim left the device with fewer unclaimed one-time KeyPackages than the configured low-water
 * mark. It is pushed to that device ({@link KeyPackagesLowPush}) so that it uploads more.
 *
 * @param remaining unclaimed, unexpired one-time KeyPackages left for the device
 */
public record KeyPackagesLow(String userId, String deviceId, long remaining) {
}
