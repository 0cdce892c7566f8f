package dev.parley.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceGrantPollerTest {

    private static final Tokens TOKENS = new Tokens("access", "refresh", null, null);

    /** A clock that moves only when the poller sleeps. */
    private Instant now = Instant.parse("2026-11-22T00:00:00Z");
    private final List<Duration> sleeps = new ArrayList<>();
    private final DeviceGrantPoller poller = new DeviceGrantPoller(new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }, duration -> {
        sleeps.add(duration);
        now = now.plus(duration);
    });

    @Test
    void pendingIsPolledAgainAfterTheIntervalUntilTokensCome() throws Exception {
        Deque<String> answers = new ArrayDeque<>(List.of("authorization_pending", "authorization_pending"));

        Tokens tokens = poller.await(authorization(600, 5), script(answers));

        assertThat(tokens).isEqualTo(TOKENS);
        assertThat(sleeps).as("the first poll waits too").containsExactly(seconds(5), seconds(5), seconds(5));
    }

    @Test
    void slowDownAddsFiveSecondsForGood() throws Exception {
        Deque<String> answers = new ArrayDeque<>(List.of("authorization_pending", "slow_down", "authorization_pending", "slow_down"));

        poller.await(authorization(600, 5), script(answers));

        assertThat(sleeps).containsExactly(seconds(5), seconds(5), seconds(10), seconds(10), seconds(15));
    }

    @Test
    void deniedAndExpiredStopPolling() {
        assertThatThrownBy(() -> poller.await(authorization(600, 5), script(new ArrayDeque<>(List.of("authorization_pending", "access_denied")))))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo("access_denied"));
        assertThat(sleeps).hasSize(2);
        assertThatThrownBy(() -> poller.await(authorization(600, 5), script(new ArrayDeque<>(List.of("expired_token")))))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo("expired_token"));
    }

    @Test
    void theDeviceCodeLifetimeBoundsThePolling() {
        List<Integer> polls = new ArrayList<>();

        assertThatThrownBy(() -> poller.await(authorization(30, 5), () -> {
            polls.add(1);
            throw new OAuthException("authorization_pending", null);
        })).isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo("expired_token"));

        assertThat(polls).hasSize(5);
        assertThat(now).isBefore(Instant.parse("2026-11-22T00:00:30Z"));
    }

    @Test
    void withoutAnIntervalFromTheRealmTheDefaultIsFiveSeconds() {
        var json = dev.parley.client.http.JsonHttp.JSON.createObjectNode()
                .put("device_code", "d").put("user_code", "ABCD-EFGH").put("verification_uri", "http://kc/device")
                .put("expires_in", 600);

        DeviceAuthorization authorization = DeviceAuthorization.fromJson(json);

        assertThat(authorization.interval()).isEqualTo(seconds(5));
        assertThat(authorization.verificationUriComplete()).isNull();
        assertThatThrownBy(() -> DeviceAuthorization.fromJson(json.without("device_code"))).isInstanceOf(IllegalStateException.class);
    }

    private static DeviceGrantPoller.Attempt script(Deque<String> errors) {
        return () -> {
            String error = errors.poll();
            if (error != null) {
                throw new OAuthException(error, null);
            }
            return TOKENS;
        };
    }

    private static DeviceAuthorization authorization(long expiresIn, long interval) {
        return new DeviceAuthorization("device-code", "ABCD-EFGH", URI.create("http://kc/device"),
                URI.create("http://kc/device?user_code=ABCD-EFGH"), seconds(expiresIn), seconds(interval));
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
