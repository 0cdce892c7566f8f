package dev.parley.client.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The polling half of the device authorization grant (RFC 8628 §3.4–3.5), as a state machine over an
 * injected clock and sleeper:
 * <ul>
 *   <li>waits at least {@code interval} before every poll (the first included);</li>
 *   <li>{@code authorization_pending}: polls again after the interval;</li>
 *   <li>{@code slow_down}: adds 5 seconds to the interval for this and all later polls;</li>
 *   <li>tokens: done; any other error ({@code access_denied}, {@code expired_token}, ...): stops with it;</li>
 *   <li>the device code's {@code expires_in} has passed: stops with {@code expired_token} without polling.</li>
 * </ul>
 */
public final class DeviceGrantPoller {

    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    /** One token request with the device code: tokens, or the realm's OAuth error. */
    @FunctionalInterface
    public interface Attempt {
        Tokens poll() throws OAuthException;
    }

    /** Waits; the real one is {@link Thread#sleep}, tests pass one that moves a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Clock clock;
    private final Sleeper sleeper;

    public DeviceGrantPoller(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static DeviceGrantPoller system() {
        return new DeviceGrantPoller(Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
    }

    public Tokens await(DeviceAuthorization authorization, Attempt attempt) throws OAuthException, InterruptedException {
        Instant deadline = clock.instant().plus(authorization.expiresIn());
        Duration interval = authorization.interval();
        while (true) {
            if (!clock.instant().plus(interval).isBefore(deadline)) {
                throw new OAuthException("expired_token", "The sign-in code expired before it was approved.");
            }
            sleeper.sleep(interval);
            try {
                return attempt.poll();
            } catch (OAuthException e) {
                switch (e.error()) {
                    case "authorization_pending" -> { }
                    case "slow_down" -> interval = interval.plus(SLOW_DOWN_STEP);
                    default -> throw e;
                }
            }
        }
    }
}
