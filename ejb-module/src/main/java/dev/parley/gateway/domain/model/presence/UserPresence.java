package dev.parley.gateway.domain.model.presence;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Everything the gateway knows about one user's presence: the leases of their devices, whether they are
 * invisible, and when they were last visibly present. Immutable; every change returns a new value, so a
 * store can apply changes atomically (compare-and-set, or a clustered cache's {@code compute}).
 *
 * <p>Invariants: a lease counts until it is removed, by its device leaving or by {@link #expired} (the
 * sweep, once a second); the user is visibly present exactly when they are not invisible and hold a lease;
 * a change that ends visible presence records when it ended in {@code lastSeenAtMillis}, so last seen never
 * moves while the user is invisible.
 *
 * @param leases           leases by device id
 * @param invisible        whether the user appears offline to everyone
 * @param lastSeenAtMillis when visible presence last ended (epoch ms), 0 when never
 */
public record UserPresence(Map<String, DeviceLease> leases, boolean invisible, long lastSeenAtMillis) {

    public static final UserPresence NONE = new UserPresence(Map.of(), false, 0);

    public UserPresence {
        leases = Map.copyOf(leases);
    }

    /** The device's lease set to {@code status} until {@code expiresAt} (created when it had none). */
    public UserPresence withLease(String deviceId, PresenceStatus status, long expiresAt, long now) {
        Map<String, DeviceLease> changed = new HashMap<>(leases);
        changed.put(deviceId, new DeviceLease(status, expiresAt));
        return next(changed, invisible, now);
    }

    /** The device's lease extended to {@code expiresAt}; unchanged when the device holds none. */
    public UserPresence renewed(String deviceId, long expiresAt) {
        DeviceLease lease = leases.get(deviceId);
        if (lease == null || lease.expiresAtMillis() >= expiresAt) {
            return this;
        }
        Map<String, DeviceLease> changed = new HashMap<>(leases);
        changed.put(deviceId, lease.renewedUntil(expiresAt));
        return new UserPresence(changed, invisible, lastSeenAtMillis);
    }

    /** Without the device's lease (it disconnected or was revoked). */
    public UserPresence without(String deviceId, long now) {
        if (!leases.containsKey(deviceId)) {
            return this;
        }
        Map<String, DeviceLease> changed = new HashMap<>(leases);
        changed.remove(deviceId);
        return next(changed, invisible, now);
    }

    /** Without the leases that ended by {@code now}. */
    public UserPresence expired(long now) {
        if (leases.values().stream().allMatch(lease -> lease.liveAt(now))) {
            return this;
        }
        Map<String, DeviceLease> changed = new HashMap<>(leases);
        changed.values().removeIf(lease -> !lease.liveAt(now));
        return next(changed, invisible, now);
    }

    public UserPresence withInvisible(boolean makeInvisible, long now) {
        return makeInvisible == invisible ? this : next(leases, makeInvisible, now);
    }

    /** Whether any device holds a lease. */
    public boolean hasLeases() {
        return !leases.isEmpty();
    }

    /** The best status of the devices' leases, ignoring invisibility; {@code OFFLINE} without a lease. */
    public PresenceStatus ownStatus() {
        PresenceStatus best = PresenceStatus.OFFLINE;
        for (DeviceLease lease : leases.values()) {
            if (lease.status().betterThan(best)) {
                best = lease.status();
            }
        }
        return best;
    }

    /** Whether others see the user as present. */
    public boolean visiblyPresent() {
        return !invisible && hasLeases();
    }

    /** What a watcher allowed to see this user sees at {@code now}. */
    public PresenceView publicView(long now) {
        if (visiblyPresent()) {
            return new PresenceView(ownStatus(), LastSeen.NOW);
        }
        return new PresenceView(PresenceStatus.OFFLINE,
                lastSeenAtMillis == 0 ? null : LastSeen.ago(Duration.ofMillis(Math.max(0, now - lastSeenAtMillis))));
    }

    /**
     * When {@link #publicView} next changes by time alone (the last-seen bucket ageing), after {@code now};
     * empty while visibly present, when never seen, or once the bucket is {@code older}.
     */
    public OptionalLong publicViewAgesAt(long now) {
        if (visiblyPresent() || lastSeenAtMillis == 0) {
            return OptionalLong.empty();
        }
        return LastSeen.nextChangeAfter(lastSeenAtMillis, now);
    }

    private UserPresence next(Map<String, DeviceLease> changedLeases, boolean changedInvisible, long now) {
        UserPresence next = new UserPresence(changedLeases, changedInvisible, lastSeenAtMillis);
        if (!visiblyPresent() || next.visiblyPresent()) {
            return next;
        }
        long endedAt = now;
        if (invisible == changedInvisible) {
            // Only leases ended: presence ended when the last of them did (an expired lease ended at its expiry).
            endedAt = 0;
            for (DeviceLease lease : leases.values()) {
                endedAt = Math.max(endedAt, Math.min(lease.expiresAtMillis(), now));
            }
        }
        return new UserPresence(changedLeases, changedInvisible, endedAt);
    }
}
