package dev.parley.gateway.domain.model.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UserPresenceTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final long LEASE = 60_000;

    @Test
    void theBestStatusOfTheDevicesIsShownAsPresentNow() {
        UserPresence presence = UserPresence.NONE
                .withLease("laptop", PresenceStatus.AWAY, T0 + LEASE, T0)
                .withLease("phone", PresenceStatus.BUSY, T0 + LEASE, T0);

        assertThat(presence.publicView(T0)).isEqualTo(new PresenceView(PresenceStatus.BUSY, LastSeen.NOW));
        assertThat(presence.withLease("tablet", PresenceStatus.ONLINE, T0 + LEASE, T0).publicView(T0).status())
                .isEqualTo(PresenceStatus.ONLINE);
    }

    @Test
    void neverSeenHasNoLastSeen() {
        assertThat(UserPresence.NONE.publicView(T0)).isEqualTo(PresenceView.HIDDEN);
    }

    @Test
    void leavingRecordsLastSeenWhichAgesInCoarseBuckets() {
        UserPresence gone = UserPresence.NONE.withLease("laptop", PresenceStatus.ONLINE, T0 + LEASE, T0).without("laptop", T0 + 1000);

        assertThat(gone.publicView(T0 + 1000)).isEqualTo(new PresenceView(PresenceStatus.OFFLINE, LastSeen.HOUR));
        assertThat(gone.publicView(T0 + Duration.ofHours(2).toMillis()).lastSeen()).isEqualTo(LastSeen.TODAY);
        assertThat(gone.publicView(T0 + Duration.ofDays(3).toMillis()).lastSeen()).isEqualTo(LastSeen.WEEK);
        assertThat(gone.publicView(T0 + Duration.ofDays(8).toMillis()).lastSeen()).isEqualTo(LastSeen.OLDER);
    }

    @Test
    void anExpiredLeaseEndsPresenceAtItsExpiry() {
        UserPresence leased = UserPresence.NONE.withLease("laptop", PresenceStatus.ONLINE, T0 + LEASE, T0);

        assertThat(leased.expired(T0 + LEASE - 1)).isSameAs(leased);
        UserPresence expired = leased.expired(T0 + LEASE + 500);
        assertThat(expired.hasLeases()).isFalse();
        assertThat(expired.lastSeenAtMillis()).isEqualTo(T0 + LEASE);
    }

    @Test
    void renewalExtendsOnlyAnExistingLease() {
        UserPresence leased = UserPresence.NONE.withLease("laptop", PresenceStatus.AWAY, T0 + LEASE, T0);

        UserPresence renewed = leased.renewed("laptop", T0 + 2 * LEASE);
        assertThat(renewed.leases().get("laptop")).isEqualTo(new DeviceLease(PresenceStatus.AWAY, T0 + 2 * LEASE));
        assertThat(renewed.expired(T0 + LEASE + 1).hasLeases()).isTrue();
        assertThat(leased.renewed("phone", T0 + 2 * LEASE)).isSameAs(leased);
    }

    @Test
    void invisibleLooksOfflineAndFreezesLastSeen() {
        UserPresence online = UserPresence.NONE.withLease("laptop", PresenceStatus.ONLINE, T0 + LEASE, T0);

        UserPresence invisible = online.withInvisible(true, T0 + 1000);
        assertThat(invisible.publicView(T0 + 1000)).isEqualTo(new PresenceView(PresenceStatus.OFFLINE, LastSeen.HOUR));
        assertThat(invisible.ownStatus()).isEqualTo(PresenceStatus.ONLINE);
        UserPresence leftLater = invisible.without("laptop", T0 + Duration.ofHours(3).toMillis());
        assertThat(leftLater.lastSeenAtMillis()).as("leaving while invisible reveals nothing").isEqualTo(T0 + 1000);
        assertThat(leftLater.withInvisible(false, T0 + Duration.ofHours(4).toMillis()).publicView(T0 + Duration.ofHours(4).toMillis()))
                .isEqualTo(new PresenceView(PresenceStatus.OFFLINE, LastSeen.TODAY));
    }

    @Test
    void onlyDeviceStatusesCanBeSet() {
        assertThat(PresenceStatus.settable("away")).isEqualTo(PresenceStatus.AWAY);
        assertThat(PresenceStatus.settable("offline")).isNull();
        assertThat(PresenceStatus.settable("ONLINE")).isNull();
    }
}
