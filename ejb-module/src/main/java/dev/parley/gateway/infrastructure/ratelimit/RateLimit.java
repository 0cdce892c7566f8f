package dev.parley.gateway.infrastructure.ratelimit;

import java.time.Duration;

/**
 * A token bucket: {@code capacity} actions at once, refilled at {@code capacity} per {@code period}.
 *
 * @param name     what is limited, for messages ("contact requests")
 * @param capacity the burst size and the number of actions per period
 * @param period   the time in which a full bucket refills
 */
public record RateLimit(String name, int capacity, Duration period) {

    public RateLimit {
        if (capacity < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("A rate limit needs a positive capacity and period: " + name);
        }
    }

    double tokensPerNano() {
        return (double) capacity / period.toNanos();
    }
}
