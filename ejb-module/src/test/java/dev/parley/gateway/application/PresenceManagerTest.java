package dev.parley.gateway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.device.DeviceConnected;
import dev.parley.gateway.domain.model.device.DeviceDisconnected;
import dev.parley.gateway.domain.model.device.DeviceRevoked;
import dev.parley.gateway.domain.model.presence.PresenceEntry;
import dev.parley.gateway.domain.model.presence.PresencePush;
import dev.parley.gateway.domain.model.push.DevicePush;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.presence.InMemoryPresenceStore;
import dev.parley.gateway.infrastructure.presence.InMemoryWatchlistStore;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.error.RateLimitedException;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The presence rules with in-memory stores, a fixed audience and captured pushes (no container). */
class PresenceManagerTest {

    private static final DeviceAddress ALICE_LAPTOP = new DeviceAddress("alice", "laptop");
    private static final DeviceAddress BOB_PHONE = new DeviceAddress("bob", "phone");
    private static final DeviceAddress CAROL_PHONE = new DeviceAddress("carol", "phone");

    private final List<DevicePush> pushed = new ArrayList<>();
    private final PresenceManager presence = new PresenceManager();
    private Duration lease = Duration.ofSeconds(60);

    @BeforeEach
    void wire() {
        presence.store = new InMemoryPresenceStore();
        presence.watchlists = new InMemoryWatchlistStore();
        presence.config = new GatewayConfig() {
            @Override
            public Duration presenceLease() {
                return lease;
            }

            @Override
            public int watchlistCap() {
                return 3;
            }

            @Override
            public int presenceUpdatesPerMinute() {
                return 5;
            }

            @Override
            public int watchChangesPerMinute() {
                return 5;
            }
        };
        presence.audience = new PresenceAudience() {
            @Override
            public Set<String> mutuallyVisible(String userId, Collection<String> others) {
                // alice and bob are contacts; carol is no one's
                return others.stream()
                        .filter(other -> other.equals(userId) || Set.of(userId, other).equals(Set.of("alice", "bob")))
                        .collect(Collectors.toSet());
            }
        };
        presence.pushes = new CapturingEvent();
        presence.createLimiters();
    }

    @Test
    void changesArePushedToAllowedWatchersOnly() {
        presence.watch(BOB_PHONE, List.of("alice"));
        presence.watch(CAROL_PHONE, List.of("alice"));

        presence.onConnected(new DeviceConnected(ALICE_LAPTOP));
        presence.set(ALICE_LAPTOP, "away", null);

        assertThat(pushed).extracting(DevicePush::device).containsOnly(BOB_PHONE);
        assertThat(pushed).extracting(push -> ((PresencePush) push.frame()).status()).containsExactly("online", "away");
    }

    @Test
    void aHiddenUserLooksNeverSeen() {
        presence.onConnected(new DeviceConnected(ALICE_LAPTOP));

        List<PresenceEntry> seen = presence.watch(CAROL_PHONE, List.of("alice")).snapshot();

        assertThat(seen).containsExactly(new PresenceEntry("alice", "offline", null));
        assertThat(presence.watch(BOB_PHONE, List.of("alice")).snapshot()).containsExactly(new PresenceEntry("alice", "online", "now"));
    }

    @Test
    void heartbeatsAndAnInvisibleUserLeavingPushNothing() {
        presence.watch(BOB_PHONE, List.of("alice"));
        presence.onConnected(new DeviceConnected(ALICE_LAPTOP));
        presence.set(ALICE_LAPTOP, null, true);
        pushed.clear();

        presence.renew(ALICE_LAPTOP);
        presence.onDisconnected(new DeviceDisconnected(ALICE_LAPTOP));

        assertThat(pushed).isEmpty();
    }

    @Test
    void anExpiredLeaseIsSweptAndPushedAsOffline() throws InterruptedException {
        lease = Duration.ofMillis(50);
        presence.watch(BOB_PHONE, List.of("alice"));
        presence.onConnected(new DeviceConnected(ALICE_LAPTOP));
        pushed.clear();

        Thread.sleep(120);
        presence.sweep();

        assertThat(pushed).extracting(push -> (PresencePush) push.frame())
                .containsExactly(new PresencePush("presence", "alice", "offline", "hour"));
    }

    @Test
    void aWatcherIsPushedEachLastSeenBucketOnceAsItAges() {
        lease = Duration.ofDays(30);
        at(Duration.ZERO);
        presence.watch(BOB_PHONE, List.of("alice"));
        presence.watch(CAROL_PHONE, List.of("alice"));
        presence.onConnected(new DeviceConnected(ALICE_LAPTOP));
        presence.onDisconnected(new DeviceDisconnected(ALICE_LAPTOP));
        pushed.clear();

        sweepAt(Duration.ofMinutes(59));
        assertThat(pushed).as("still within the hour").isEmpty();
        sweepAt(Duration.ofHours(1).plusSeconds(1));
        sweepAt(Duration.ofHours(1).plusSeconds(2));
        sweepAt(Duration.ofDays(1).plusSeconds(1));
        sweepAt(Duration.ofDays(7).plusSeconds(1));
        sweepAt(Duration.ofDays(60));

        assertThat(pushed).extracting(DevicePush::device).containsOnly(BOB_PHONE);
        assertThat(pushed).extracting(push -> ((PresencePush) push.frame()).lastSeen()).containsExactly("today", "week", "older");
        assertThat(pushed).extracting(push -> ((PresencePush) push.frame()).status()).containsOnly("offline");
    }

    @Test
    void comingBackStopsTheAgeingAndLeavingAgainStartsItAfresh() {
        lease = Duration.ofDays(30);
        at(Duration.ZERO);
        presence.watch(BOB_PHONE, List.of("alice"));
        presence.onConnected(new DeviceConnected(ALICE_LAPTOP));
        presence.onDisconnected(new DeviceDisconnected(ALICE_LAPTOP));
        at(Duration.ofMinutes(10));
        presence.onConnected(new DeviceConnected(ALICE_LAPTOP));
        pushed.clear();

        sweepAt(Duration.ofHours(2));
        assertThat(pushed).as("present again: nothing ages").isEmpty();
        presence.onDisconnected(new DeviceDisconnected(ALICE_LAPTOP));
        pushed.clear();
        sweepAt(Duration.ofHours(2).plusMinutes(59));
        assertThat(pushed).isEmpty();
        sweepAt(Duration.ofHours(3).plusSeconds(1));

        assertThat(pushed).extracting(push -> (PresencePush) push.frame())
                .containsExactly(new PresencePush("presence", "alice", "offline", "today"));
    }

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private void at(Duration sinceT0) {
        presence.clock = Clock.fixed(T0.plus(sinceT0), ZoneOffset.UTC);
    }

    private void sweepAt(Duration sinceT0) {
        at(sinceT0);
        presence.sweep();
    }

    @Test
    void aRevokedDeviceLeavesPresenceAndItsWatchlist() {
        presence.onConnected(new DeviceConnected(BOB_PHONE));
        presence.watch(BOB_PHONE, List.of("alice"));

        presence.onRevoked(new DeviceRevoked("bob", "phone", "device_revoked", 7));

        assertThat(presence.own("bob").devices()).isEmpty();
        assertThat(presence.watchlists.watchersOf("alice")).isEmpty();
    }

    @Test
    void theCapAndTheRateLimitsRefuseWithoutChangingAnything() {
        presence.watch(BOB_PHONE, List.of("a", "b"));

        assertThatThrownBy(() -> presence.watch(BOB_PHONE, List.of("c", "d")))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.error()).isEqualTo(ParleyError.WATCHLIST_FULL));
        assertThat(presence.watchlists.watchedBy(BOB_PHONE)).containsExactlyInAnyOrder("a", "b");

        for (int i = 0; i < 5; i++) {
            presence.set(ALICE_LAPTOP, i % 2 == 0 ? "busy" : "away", null);
        }
        assertThatThrownBy(() -> presence.set(ALICE_LAPTOP, "online", null)).isInstanceOf(RateLimitedException.class);
        assertThat(presence.own("alice").devices()).containsEntry("laptop", "busy");
        assertThatThrownBy(() -> presence.set(ALICE_LAPTOP, "offline", null))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.error()).isEqualTo(ParleyError.PRESENCE_STATUS_INVALID));
    }

    private final class CapturingEvent implements Event<DevicePush> {

        @Override
        public void fire(DevicePush event) {
            pushed.add(event);
        }

        @Override
        public <U extends DevicePush> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends DevicePush> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<DevicePush> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends DevicePush> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends DevicePush> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
