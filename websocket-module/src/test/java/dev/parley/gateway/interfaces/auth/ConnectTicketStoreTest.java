package dev.parley.gateway.interfaces.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.error.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ConnectTicketStoreTest {

    private static final AuthenticatedUser ALICE = new AuthenticatedUser("u-alice", "alice", Instant.parse("2030-01-01T00:00:00Z"));

    private static final AuthenticatedUser BOB = new AuthenticatedUser("u-bob", "bob", Instant.parse("2030-01-01T00:00:00Z"));
    private static final AuthenticatedUser CAROL = new AuthenticatedUser("u-carol", "carol", Instant.parse("2030-01-01T00:00:00Z"));

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ConnectTicketStore store = new ConnectTicketStore(clock);

    @Test
    void aTicketIsRedeemedExactlyOnceForItsUser() {
        String ticket = store.issue(ALICE);

        assertThat(store.redeem(ticket)).contains(ALICE);
        assertThat(store.redeem(ticket)).isEmpty();
    }

    @Test
    void anExpiredTicketIsRefused() {
        String ticket = store.issue(ALICE);
        now = now.plus(ConnectTicketStore.TIME_TO_LIVE).plus(Duration.ofSeconds(1));

        assertThat(store.redeem(ticket)).isEmpty();
    }

    @Test
    void ticketsAreUnguessableAndDistinct() {
        String first = store.issue(ALICE);
        String second = store.issue(ALICE);

        assertThat(first).isNotEqualTo(second).hasSize(43);
        assertThat(store.redeem("x")).isEmpty();
        assertThat(store.redeem(null)).isEmpty();
    }

    @Test
    void oneUserGetsAtMostTheConfiguredNumberPerMinute() {
        ConnectTicketStore limited = new ConnectTicketStore(Clock.systemUTC(), 3, 100);
        for (int i = 0; i < 3; i++) {
            limited.issue(ALICE);
        }

        assertThatThrownBy(() -> limited.issue(ALICE)).isInstanceOf(RateLimitedException.class);
        assertThat(limited.issue(BOB)).isNotNull();
    }

    @Test
    void atMostTheConfiguredNumberWaitAndExpiredOnesMakeRoom() {
        ConnectTicketStore bounded = new ConnectTicketStore(clock, 100, 2);
        bounded.issue(ALICE);
        bounded.issue(BOB);

        assertThatThrownBy(() -> bounded.issue(CAROL)).isInstanceOf(RateLimitedException.class);
        assertThat(bounded.outstanding()).isEqualTo(2);

        now = now.plus(ConnectTicketStore.TIME_TO_LIVE).plus(Duration.ofSeconds(1));
        assertThat(bounded.issue(CAROL)).isNotNull();
        assertThat(bounded.outstanding()).isEqualTo(1);
    }
}
