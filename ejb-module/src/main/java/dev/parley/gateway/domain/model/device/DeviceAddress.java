package dev.parley.gateway.domain.model.device;

/** One device of one user: where a push goes, what a watchlist belongs to. */
public record DeviceAddress(String userId, String deviceId) {
}
