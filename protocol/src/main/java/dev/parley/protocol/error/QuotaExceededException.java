package dev.parley.protocol.error;

import java.time.Duration;

/** {@link ParleyError#QUOTA_EXCEEDED}: a daily quota is used up; says when the same request can succeed again. */
public class QuotaExceededException extends ParleyException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public QuotaExceededException(String what, Duration retryAfter) {
        super(ParleyError.QUOTA_EXCEEDED, "The daily quota of " + what + " is used up. Try again in "
                + seconds(retryAfter) + " s.");
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
