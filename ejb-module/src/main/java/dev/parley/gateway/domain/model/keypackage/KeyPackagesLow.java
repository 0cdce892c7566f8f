package dev.parley.gateway.domain.model.keypackage;

/**
 * CDI event: a claim left the device with fewer unclaimed one-time KeyPackages than the configured low-water
 * mark. Transports push it to the owner's devices so that the device uploads more.
 *
 * @param remaining unclaimed, unexpired one-time KeyPackages left for the device
 */
public record KeyPackagesLow(String userId, String deviceId, long remaining) {
}
