package dev.parley.gateway.interfaces.auth;

import dev.parley.protocol.error.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nonces of accepted request proofs, so that each is accepted once. A nonce is remembered for twice the
 * timestamp window from when it was first seen: a proof is accepted only while its timestamp is within the window of
 * the gateway's clock, so by then every proof with that nonce is refused for its age anyway.
 *
 * <p>Invariants: a nonce stays until its expiry (never evicted early, which would reopen a replay); entries are kept
 * in the order they were seen, which is their expiry order, so expired ones are dropped from the head without a scan;
 * at most {@code capacity} are kept, and a new one beyond that is refused with {@code rate_limited} until the oldest
 * expires. Only nonces of proofs that verified are recorded, so only a device's key holder can fill the store.
 */
final class RequestNonceStore {

    /** Guarded by {@code this}; insertion order = expiry order. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();
    private final Duration remembered;
    private final int capacity;

    RequestNonceStore(Duration window, int capacity) {
        this.remembered = window.multipliedBy(2);
        this.capacity = Math.max(1, capacity);
    }

    /**
     * Records {@code key} as used at {@code now}.
     *
     * @return {@code false} if it was used before (a replay)
     * @throws RateLimitedException if the store is full of unexpired nonces
     */
    synchronized boolean firstUse(String key, Instant now) {
        dropExpired(now);
        if (seen.containsKey(key)) {
            return false;
        }
        if (seen.size() >= capacity) {
            Instant oldest = seen.values().iterator().next();
            throw new RateLimitedException("device-bound requests on this gateway", Duration.between(now, oldest).plusSeconds(1));
        }
        seen.put(key, now.plus(remembered));
        return true;
    }

    synchronized int size() {
        return seen.size();
    }

    private void dropExpired(Instant now) {
        Iterator<Map.Entry<String, Instant>> oldestFirst = seen.entrySet().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().getValue().isBefore(now)) {
            oldestFirst.remove();
        }
    }
}
