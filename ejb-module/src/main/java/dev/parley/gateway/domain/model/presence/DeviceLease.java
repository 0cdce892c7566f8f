package dev.parley.gateway.domain.model.presence;

/**
 * One device's presence: the status it set and when the lease ends unless renewed (epoch milliseconds;
 * a primitive keeps a lease small: 10,000 leases are held in memory).
 */
public record DeviceLease(PresenceStatus status, long expiresAtMillis) {

    public boolean liveAt(long nowMillis) {
        return expiresAtMillis > nowMillis;
    }

    DeviceLease renewedUntil(long expiresAt) {
        return new DeviceLease(status, expiresAt);
    }
}
