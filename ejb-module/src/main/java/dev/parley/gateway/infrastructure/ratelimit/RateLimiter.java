package dev.parley.gateway.infrastructure.ratelimit;

import dev.parley.protocol.error.RateLimitedException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per key (a user, a device) for one {@link RateLimit}, kept in this node's memory. Buckets
 * that have refilled completely carry no information and are dropped, so memory follows the number of
 * recently active keys.
 *
 * <p>Invariant: over any window of length {@code period}, at most {@code 2 * capacity} actions pass per key
 * (a full bucket plus one refill); a refused action consumes nothing.
 */
public final class RateLimiter {

    private final RateLimit limit;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(RateLimit limit) {
        this(limit, System::nanoTime);
    }

    RateLimiter(RateLimit limit, LongSupplier nanoClock) {
        this.limit = limit;
        this.nanoClock = nanoClock;
    }

    /** Takes one action for {@code key}, or throws {@link RateLimitedException} saying how long to wait. */
    public void acquire(String key) {
        acquire(key, 1);
    }

    /**
     * Takes {@code amount} units (bytes, say) for {@code key} at once, or none, throwing {@link RateLimitedException}
     * saying how long to wait. An amount above the capacity takes a full bucket.
     */
    public void acquire(String key, long amount) {
        double wanted = Math.min(Math.max(1, amount), limit.capacity());
        long now = nanoClock.getAsLong();
        long[] waitNanos = {0};
        buckets.compute(key, (k, bucket) -> {
            Bucket current = bucket == null ? new Bucket(limit.capacity(), now) : bucket.refilled(limit, now);
            if (current.tokens >= wanted) {
                return new Bucket(current.tokens - wanted, now);
            }
            waitNanos[0] = (long) Math.ceil((wanted - current.tokens) / limit.tokensPerNano());
            return current;
        });
        if (waitNanos[0] > 0) {
            throw new RateLimitedException(limit.name(), Duration.ofNanos(waitNanos[0]));
        }
        if (buckets.size() > 10_000) {
            buckets.entrySet().removeIf(entry -> entry.getValue().refilled(limit, now).tokens >= limit.capacity());
        }
    }

    /**
     * Gives back the action just taken for {@code key} (never beyond a full bucket), for an action that a later
     * check refused: a refused action consumes nothing.
     */
    public void refund(String key) {
        refund(key, 1);
    }

    /** Gives back {@code amount} units just taken for {@code key} (as {@link #refund(String)}). */
    public void refund(String key, long amount) {
        double given = Math.min(Math.max(1, amount), limit.capacity());
        long now = nanoClock.getAsLong();
        buckets.computeIfPresent(key, (k, bucket) -> {
            Bucket current = bucket.refilled(limit, now);
            return new Bucket(Math.min(limit.capacity(), current.tokens + given), now);
        });
    }

    private record Bucket(double tokens, long updatedAt) {

        Bucket refilled(RateLimit limit, long now) {
            double refill = (now - updatedAt) * limit.tokensPerNano();
            return new Bucket(Math.min(limit.capacity(), tokens + refill), now);
        }
    }
}
