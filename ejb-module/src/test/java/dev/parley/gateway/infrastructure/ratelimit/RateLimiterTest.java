package dev.parley.gateway.infrastructure.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.error.RateLimitedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(new RateLimit("contact requests", 5, Duration.ofMinutes(1)), now::get);

    @Test
    void letsABurstThroughThenSaysHowLongToWait() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("alice");
        }

        assertThatThrownBy(() -> limiter.acquire("alice"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
                    assertThat(e.retryAfterSeconds()).isEqualTo(12);
                    assertThat(e.error().code()).isEqualTo("rate_limited");
                });
    }

    @Test
    void takesAnAmountWholeOrNotAtAll() {
        RateLimiter bytes = new RateLimiter(new RateLimit("message bytes", 1000, Duration.ofSeconds(100)), now::get);
        bytes.acquire("alice", 600);

        assertThatThrownBy(() -> bytes.acquire("alice", 500))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(10)));
        bytes.acquire("alice", 400);
        assertThatThrownBy(() -> bytes.acquire("alice", 1)).isInstanceOf(RateLimitedException.class);
        now.addAndGet(Duration.ofSeconds(100).toNanos());
        bytes.acquire("alice", 5000);
        assertThatThrownBy(() -> bytes.acquire("alice", 1)).as("an amount above the capacity takes a full bucket")
                .isInstanceOf(RateLimitedException.class);
    }

    @Test
    void aRefundGivesAnAmountBack() {
        RateLimiter bytes = new RateLimiter(new RateLimit("message bytes", 1000, Duration.ofSeconds(100)), now::get);
        bytes.acquire("alice", 900);
        bytes.refund("alice", 900);

        bytes.acquire("alice", 1000);
        assertThatThrownBy(() -> bytes.acquire("alice", 1)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void refillsOverTimeAndKeepsKeysApart() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("alice");
        }
        limiter.acquire("bob");

        now.addAndGet(Duration.ofSeconds(12).toNanos());
        limiter.acquire("alice");
        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void aRefusalConsumesNothing() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("alice");
        }
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOf(RateLimitedException.class);
        }

        now.addAndGet(Duration.ofSeconds(12).toNanos());
        limiter.acquire("alice");
    }

    @Test
    void aRefundGivesBackOneActionButNeverMoreThanAFullBucket() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("alice");
        }
        limiter.refund("alice");
        limiter.acquire("alice");
        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOf(RateLimitedException.class);

        limiter.refund("bob");
        limiter.acquire("carol");
        limiter.refund("carol");
        limiter.refund("carol");
        for (int i = 0; i < 5; i++) {
            limiter.acquire("carol");
        }
        assertThatThrownBy(() -> limiter.acquire("carol")).isInstanceOf(RateLimitedException.class);
    }
}
