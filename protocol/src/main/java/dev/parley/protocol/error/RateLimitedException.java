package dev.parley.protocol.error;

import java.time.Duration;

/** {@link ParleyError#RATE_LIMITED}, with how long to wait before the same request can succeed. */
public class RateLimitedException extends ParleyException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitedException(String what, Duration retryAfter) {
        super(ParleyError.RATE_LIMITED, "Too many " + what + ". Try again in " + seconds(retryAfter) + " s.");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public Long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
