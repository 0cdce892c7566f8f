package dev.parley.gateway.application;

import dev.parley.gateway.domain.model.contact.ContactsChanged;
import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.device.DeviceConnected;
import dev.parley.gateway.domain.model.device.DeviceDisconnected;
import dev.parley.gateway.domain.model.device.DeviceRevoked;
import dev.parley.gateway.domain.model.presence.DeviceLease;
import dev.parley.gateway.domain.model.presence.PresenceEntry;
import dev.parley.gateway.domain.model.presence.PresencePush;
import dev.parley.gateway.domain.model.presence.PresenceStatus;
import dev.parley.gateway.domain.model.presence.PresenceStore;
import dev.parley.gateway.domain.model.presence.PresenceView;
import dev.parley.gateway.domain.model.presence.UserPresence;
import dev.parley.gateway.domain.model.presence.WatchlistStore;
import dev.parley.gateway.domain.model.push.DevicePush;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.ratelimit.RateLimit;
import dev.parley.gateway.infrastructure.ratelimit.RateLimiter;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Presence: device leases, invisible mode, watchlists and the pushes to watching devices.
 *
 * <p>Invariants: a device holds a lease only while it has a live connection (or renews it over REST) and the
 * lease is younger than {@code parley.presence.lease-seconds}; every change of a user's presence as others
 * see it is pushed ({@link DevicePush}) to each watching device allowed to see it ({@link PresenceAudience}),
 * and to no one else; a watcher who may not see a user gets {@link PresenceView#HIDDEN}, never anything
 * that tells it apart from an absent user. Presence lives in the {@link PresenceStore} only: never in the
 * database.
 */
@ApplicationScoped
public class PresenceManager {

    /** A device's watchlist after a change, with a snapshot of the users just added. */
    public record WatchResult(int watching, List<PresenceEntry> snapshot) {
    }

    /** The caller's own presence: best status of their devices, each device's (by device id), and the invisible flag. */
    public record OwnPresence(PresenceStatus status, boolean invisible, Map<String, String> devices) {
    }

    private static final Logger LOG = Logger.getLogger(PresenceManager.class);

    Clock clock = Clock.systemUTC();

    private final LastSeenAgingQueue aging = new LastSeenAgingQueue();

    @Inject
    PresenceStore store;

    @Inject
    WatchlistStore watchlists;

    @Inject
    PresenceAudience audience;

    @Inject
    GatewayConfig config;

    @Inject
    Event<DevicePush> pushes;

    @Resource
    ManagedExecutorService executor;

    private RateLimiter updates;
    private RateLimiter watchChanges;

    @PostConstruct
    void createLimiters() {
        updates = new RateLimiter(new RateLimit("presence updates", config.presenceUpdatesPerMinute(), Duration.ofMinutes(1)));
        watchChanges = new RateLimiter(new RateLimit("watchlist changes", config.watchChangesPerMinute(), Duration.ofMinutes(1)));
    }

    /** A device that proved itself on a door is {@code online} with a fresh lease and an empty watchlist. */
    void onConnected(@Observes DeviceConnected connected) {
        DeviceAddress device = connected.device();
        watchlists.forget(device);
        long now = clock.millis();
        change(device.userId(), presence -> presence.withLease(device.deviceId(), PresenceStatus.ONLINE, expiry(now), now), now);
    }

    void onDisconnected(@Observes DeviceDisconnected disconnected) {
        end(disconnected.device());
    }

    /** A revoked device disappears from presence at once (idempotent). */
    void onRevoked(@Observes DeviceRevoked revoked) {
        end(new DeviceAddress(revoked.userId(), revoked.deviceId()));
    }

    /**
     * After contacts or blocks changed, each side's watching devices get the other's presence as now allowed.
     * Runs on another thread: the committing transaction is completing and may not be used any more.
     */
    void onContactsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ContactsChanged changed) {
        executor.execute(() -> {
            try {
                long now = clock.millis();
                republish(changed.userId(), changed.otherUserId(), now);
                republish(changed.otherUserId(), changed.userId(), now);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Pushing presence after a contact change between %s and %s failed", changed.userId(), changed.otherUserId());
            }
        });
    }

    /** The connection's heartbeat: extends the device's lease if it still holds one. Pushes nothing. */
    public void renew(DeviceAddress device) {
        long now = clock.millis();
        store.update(device.userId(), presence -> presence.renewed(device.deviceId(), expiry(now)));
    }

    /**
     * Sets the device's status and/or the user's invisible flag (either may be {@code null}: unchanged), renewing
     * the device's lease (creating it for a REST client). Rate-limited per device.
     *
     * @throws ParleyException {@code presence_status_invalid}, {@code rate_limited}
     */
    public OwnPresence set(DeviceAddress device, String status, Boolean invisible) {
        PresenceStatus wanted = status == null ? null : PresenceStatus.settable(status);
        if (status != null && wanted == null) {
            throw new ParleyException(ParleyError.PRESENCE_STATUS_INVALID,
                    "\"" + status + "\" is not a status a device can set: use online, away or busy.");
        }
        updates.acquire(key(device));
        long now = clock.millis();
        change(device.userId(), presence -> {
            DeviceLease lease = presence.leases().get(device.deviceId());
            PresenceStatus next = wanted != null ? wanted : lease != null ? lease.status() : PresenceStatus.ONLINE;
            UserPresence leased = presence.withLease(device.deviceId(), next, expiry(now), now);
            return invisible == null ? leased : leased.withInvisible(invisible, now);
        }, now);
        return own(device.userId());
    }

    /** Ends the device's lease (it goes offline; REST clients call this when they leave). */
    public void end(DeviceAddress device) {
        watchlists.forget(device);
        long now = clock.millis();
        change(device.userId(), presence -> presence.without(device.deviceId(), now), now);
    }

    public OwnPresence own(String userId) {
        UserPresence presence = store.get(userId);
        Map<String, String> devices = new TreeMap<>();
        presence.leases().forEach((deviceId, lease) -> devices.put(deviceId, lease.status().wire()));
        return new OwnPresence(presence.ownStatus(), presence.invisible(), devices);
    }

    /**
     * Adds users to the device's watchlist and returns what the device sees of them now; changes follow as
     * pushes. All or nothing: past the cap nothing is added.
     *
     * @throws ParleyException {@code watchlist_full}, {@code rate_limited}
     */
    public WatchResult watch(DeviceAddress device, Collection<String> userIds) {
        watchChanges.acquire(key(device));
        Set<String> unique = new LinkedHashSet<>(userIds);
        int watching = watchlists.watch(device, unique, config.watchlistCap());
        if (watching < 0) {
            throw new ParleyException(ParleyError.WATCHLIST_FULL, "A device may watch at most " + config.watchlistCap()
                    + " users. Unwatch some first; nothing was added.");
        }
        return new WatchResult(watching, views(device.userId(), unique));
    }

    /** Removes users from the device's watchlist; returns how many it still watches. */
    public int unwatch(DeviceAddress device, Collection<String> userIds) {
        watchChanges.acquire(key(device));
        return watchlists.unwatch(device, Set.copyOf(userIds));
    }

    /**
     * What {@code viewerId} sees of {@code userIds} now, in the order asked (a one-shot query for clients
     * without a live connection; rate-limited like watch changes, at most the watchlist cap at once).
     */
    public List<PresenceEntry> query(String viewerId, Collection<String> userIds) {
        Set<String> unique = new LinkedHashSet<>(userIds);
        if (unique.size() > config.watchlistCap()) {
            throw new ParleyException(ParleyError.WATCHLIST_FULL,
                    "Ask for at most " + config.watchlistCap() + " users at once.");
        }
        watchChanges.acquire("query:" + viewerId);
        return views(viewerId, unique);
    }

    /**
     * Ends expired leases and pushes the resulting changes, then pushes the last-seen buckets that aged since the
     * previous sweep (only the users due: no work for the others). Runs every second ({@link PresenceSweeper}).
     */
    public void sweep() {
        long now = clock.millis();
        for (String userId : store.usersWithLeases()) {
            change(userId, presence -> presence.expired(now), now);
        }
        for (String userId : aging.due(now)) {
            UserPresence presence = store.get(userId);
            publish(userId, presence.publicView(now));
            scheduleAging(userId, presence, now);
        }
    }

    private List<PresenceEntry> views(String viewerId, Set<String> userIds) {
        Set<String> visible = audience.mutuallyVisible(viewerId, userIds);
        long now = clock.millis();
        return userIds.stream()
                .map(userId -> PresenceEntry.of(userId, visible.contains(userId) ? store.get(userId).publicView(now) : PresenceView.HIDDEN))
                .toList();
    }

    private void change(String userId, UnaryOperator<UserPresence> change, long now) {
        AtomicReference<UserPresence> before = new AtomicReference<>(UserPresence.NONE);
        UserPresence after = store.update(userId, current -> {
            before.set(current);
            return change.apply(current);
        });
        PresenceView was = before.get().publicView(now);
        PresenceView is = after.publicView(now);
        if (!was.equals(is)) {
            publish(userId, is);
            scheduleAging(userId, after, now);
        }
    }

    private void scheduleAging(String userId, UserPresence presence, long now) {
        OptionalLong agesAt = presence.publicViewAgesAt(now);
        if (agesAt.isPresent()) {
            aging.schedule(userId, agesAt.getAsLong());
        } else {
            aging.cancel(userId);
        }
    }

    private void publish(String userId, PresenceView view) {
        Set<DeviceAddress> watchers = watchlists.watchersOf(userId);
        if (watchers.isEmpty()) {
            return;
        }
        try {
            push(userId, view, watchers);
        } catch (RuntimeException e) {
            // Pushes are best effort: the change itself stands, and watchers read it on their next snapshot.
            LOG.warnf(e, "Pushing the presence of %s to %d watching devices failed", userId, watchers.size());
        }
    }

    private void push(String userId, PresenceView view, Set<DeviceAddress> watchers) {
        Set<String> allowed = audience.mutuallyVisible(userId, watchers.stream().map(DeviceAddress::userId).collect(Collectors.toSet()));
        PresencePush frame = PresencePush.of(userId, view);
        for (DeviceAddress watcher : watchers) {
            if (allowed.contains(watcher.userId())) {
                pushes.fire(new DevicePush(watcher, frame));
            }
        }
    }

    /** Pushes {@code watchedId}'s presence, as {@code watcherId} may now see it, to the watcher's devices watching it. */
    private void republish(String watcherId, String watchedId, long now) {
        List<DeviceAddress> devices = watchlists.watchersOf(watchedId).stream()
                .filter(device -> device.userId().equals(watcherId))
                .toList();
        if (devices.isEmpty()) {
            return;
        }
        PresenceView view = audience.mutuallyVisible(watcherId, List.of(watchedId)).contains(watchedId)
                ? store.get(watchedId).publicView(now)
                : PresenceView.HIDDEN;
        PresencePush frame = PresencePush.of(watchedId, view);
        devices.forEach(device -> pushes.fire(new DevicePush(device, frame)));
    }

    private long expiry(long now) {
        return now + config.presenceLease().toMillis();
    }

    private static String key(DeviceAddress device) {
        return device.userId() + "/" + device.deviceId();
    }
}
